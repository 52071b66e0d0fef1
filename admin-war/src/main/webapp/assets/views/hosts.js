// Apps & Agents: every host with its kind, status, connections and last use, searched, sorted and paged by the
// server (the search, order and page in the URL); adding a token-based host.
import { api, apiPage, query } from '../api.js';
import { badge, describe, emptyState, errorNotice, field, fill, h, openDialog, pageHead, time } from '../dom.js';
import { serverListTable } from '../list.js';

export async function list(page, ctx) {
  const any = await apiPage('/hosts?limit=1');
  const add = ctx.can('hosts:manage')
    ? h('button', { type: 'button', class: 'button primary', onclick: () => addHost(ctx) }, 'Add API access token-based host')
    : null;
  fill(page, pageHead({
    title: 'Apps & Agents',
    text: 'Each app or agent reaches gateways under its own identity, so every call it makes is attributable. '
      + 'Token-based hosts are for headless agents: CI jobs, cron jobs, backend services.',
    actions: add ? [add] : [],
  }));
  if (any.total === 0) {
    page.append(h('div', { class: 'card' }, emptyState('No apps or agents yet',
      'Add a token-based host, then connect it to a gateway to give it an API access token.', add ? addButton(ctx) : null)));
    return;
  }
  const hosts = serverListTable([
    { label: 'Name', className: 'primary-cell', sortKey: 'name', cell: host => [h('a', { href: `#/hosts/${host.id}` }, host.name),
      host.description ? h('span', { class: 'muted' }, host.description) : null] },
    { label: 'Kind', sortKey: 'kind', cell: host => kindText(host) },
    { label: 'Status', cell: host => (host.disabled ? badge('Disabled', 'off') : badge('Active', 'ok')) },
    { label: 'Connections', cell: host => String(host.connections) },
    { label: 'Last used', cell: host => time(host.lastUsedAt, 'never') },
    { label: 'Created', sortKey: 'createdAt', cell: host => [time(host.createdAt), host.createdBy ? h('span', { class: 'muted small' }, ` by ${host.createdBy}`) : null] },
  ], { path: '/hosts', caption: 'Apps and agents', onRowClick: host => ctx.go(`#/hosts/${host.id}`), rowLabel: host => `Open ${host.name}`,
    state: ctx.query, onState: state => history.replaceState(null, '', `#/hosts${query(state)}`) });
  page.append(h('div', { class: 'card' }, hosts.element));
  await hosts.ready;
}

function kindText(host) {
  return host.kind === 'TOKEN' ? 'Token-based' : 'Interactive';
}

function addButton(ctx) {
  return h('button', { type: 'button', class: 'button primary', onclick: () => addHost(ctx) }, 'Add API access token-based host');
}

/** The "Add API access token-based host" dialog: a name and an optional description. */
function addHost(ctx) {
  const name = h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off' });
  const description = h('textarea', { name: 'description', maxlength: '2000' });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'add-host-form' },
    problem,
    field('Name', name, 'How this agent appears in logs, such as "Nightly CI" or "Billing sync".'),
    field('Description (optional)', description, 'What it is and who owns it.'));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'add-host-form' }, 'Add host');
  const dialog = openDialog({ title: 'Add API access token-based host', body: form, actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  name.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    save.disabled = true;
    try {
      const host = await api('POST', '/hosts', { name: name.value, kind: 'TOKEN', description: description.value || null });
      dialog.close();
      ctx.go(`#/hosts/${host.id}`);
    } catch (error) {
      fill(problem, errorNotice(error));
      save.disabled = false;
      name.setAttribute('aria-invalid', String(describe(error).includes("'name'")));
    }
  });
}
