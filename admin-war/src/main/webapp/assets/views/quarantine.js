// Tool quarantine: servers whose tool definitions are pinned, and the tools that changed (or appeared) since
// an admin approved them, hidden and blocked until someone reads the line diff and approves.
import { api } from '../api.js';
import { badge, confirmAction, emptyState, errorNotice, field, fill, h, openDialog, pageHead, table, time, toast } from '../dom.js';
import { alertsNote } from './alerts-note.js';

export async function page(root, ctx) {
  const [quarantined, servers] = await Promise.all([api('GET', '/quarantine'), api('GET', '/servers')]);
  const manage = ctx.can('rules:manage');
  const candidates = servers.filter(s => !quarantined.some(q => q.server === s.id));
  const enable = manage && candidates.length ? h('button', { type: 'button', class: 'button primary',
    onclick: () => enableQuarantine(candidates, ctx) }, 'Quarantine a server') : null;
  fill(root, pageHead({
    title: 'Tool quarantine',
    text: 'Against "rug pulls": a quarantined server\'s tools keep the definition an admin approved. A tool whose '
      + 'definition changes is hidden and its calls refused until it is reviewed here.',
    actions: enable ? [enable] : [],
  }), await alertsNote(ctx, 'tool.quarantined', 'tools to review'));
  if (quarantined.length === 0) {
    root.append(h('div', { class: 'card' }, emptyState('No server under quarantine',
      'Put a server under quarantine: the tools of its next list become the approved baseline.')));
    return;
  }
  const reviews = await Promise.all(quarantined.map(q => api('GET', `/servers/${encodeURIComponent(q.server)}/quarantine/tools`)));
  quarantined.forEach((q, i) => root.append(serverSection(q, reviews[i], manage, ctx)));
}

function serverSection(q, tools, manage, ctx) {
  const waiting = tools.filter(t => t.pendingHash || !t.approvedHash);
  const lift = manage ? h('button', { type: 'button', class: 'button danger', 'aria-label': `Lift quarantine of ${q.name}`,
    onclick: () => liftQuarantine(q, ctx) }, 'Lift quarantine') : null;
  const head = h('div', { class: 'section-head' }, h('h2', {}, q.name || q.server, ' ',
    waiting.length ? badge(`${waiting.length} awaiting review`, 'bad') : badge('All approved', 'ok')), lift);
  const facts = h('p', { class: 'muted' }, `Under quarantine since `, time(q.enabledAt), ` (by ${q.enabledBy}). `,
    q.baselinePending ? 'The next tools/list becomes the approved baseline.' : `${tools.length} ${tools.length === 1 ? 'tool' : 'tools'} known.`);
  const items = waiting.map(t => h('div', { class: 'card review', dataset: { tool: t.tool } }, h('div', { class: 'card-body stack' },
    h('div', { class: 'section-head' }, h('h3', {}, h('code', {}, t.tool), ' ', badge(t.status === 'new' ? 'New tool' : 'Changed', 'off')),
      manage ? h('button', { type: 'button', class: 'button primary', 'aria-label': `Approve ${t.tool}`,
        onclick: () => approve(q, t, ctx) }, 'Approve') : null),
    h('p', { class: 'muted small' }, 'Published ', time(t.pendingSince),
      t.approvedBy ? [`; previous definition approved by ${t.approvedBy} `, time(t.approvedAt)] : ''),
    diffView(t.diff))));
  const approved = tools.filter(t => !(t.pendingHash || !t.approvedHash));
  const rest = approved.length ? h('details', {}, h('summary', {}, `${approved.length} approved tools`), table([
    { label: 'Tool', cell: t => h('code', {}, t.tool) },
    { label: 'Approved by', cell: t => t.approvedBy || '—' },
    { label: 'Approved', cell: t => time(t.approvedAt) },
    { label: 'SHA-256', cell: t => h('code', { class: 'small' }, (t.approvedHash || '').slice(0, 16)) },
  ], approved, { caption: `Approved tools of ${q.name}` })) : null;
  return h('div', { class: 'section', dataset: { server: q.slug || q.server } }, head, facts, items, rest);
}

/** The line diff: "-" lines were approved, "+" lines are published now. */
function diffView(lines) {
  return h('pre', { class: 'diff', tabindex: '0', 'aria-label': 'Definition diff' }, lines.map(line => {
    const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'same';
    return h('span', { class: `line ${kind}` }, `${line}\n`);
  }));
}

async function approve(q, t, ctx) {
  try {
    await api('POST', `/servers/${encodeURIComponent(q.server)}/quarantine/tools/${encodeURIComponent(t.tool)}/approve`,
      { hash: t.pendingHash });
    toast(`${t.tool} approved: calls to it pass again.`);
    ctx.refresh();
  } catch (error) {
    toast(error.message, 'error');
    ctx.refresh();
  }
}

async function liftQuarantine(q, ctx) {
  const yes = await confirmAction({ title: `Lift the quarantine of ${q.name}?`,
    text: 'Its tools are no longer compared with approved definitions; every tool it lists is published as it is.',
    confirmLabel: 'Lift quarantine' });
  if (!yes) return;
  try {
    await api('DELETE', `/servers/${encodeURIComponent(q.server)}/quarantine`);
    toast(`Quarantine of ${q.name} lifted.`);
    ctx.refresh();
  } catch (error) {
    toast(error.message, 'error');
  }
}

function enableQuarantine(servers, ctx) {
  const server = h('select', { name: 'server' }, servers.map(s => h('option', { value: s.id }, `${s.name} (${s.slug})`)));
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'quarantine-form' }, problem, field('Server', server),
    h('p', { class: 'muted' }, 'The tool definitions of the server\'s next tools/list become the approved baseline, in your name.'));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'quarantine-form' }, 'Put under quarantine');
  const dialog = openDialog({ title: 'Quarantine a server', body: form, actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async event => {
    event.preventDefault();
    save.disabled = true;
    try {
      await api('POST', `/servers/${encodeURIComponent(server.value)}/quarantine`);
      dialog.close();
      toast('Server under quarantine.');
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
      save.disabled = false;
    }
  });
}
