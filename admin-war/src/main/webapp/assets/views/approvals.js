// Pending approvals: calls a "require approval" rule holds until someone with calls:approve decides, or its
// timeout denies it. The list refreshes itself while the page is open, since calls arrive at any time.
import { api } from '../api.js';
import { badge, emptyState, errorNotice, field, fill, h, openDialog, pageHead, table, time, toast } from '../dom.js';
import { alertsNote } from './alerts-note.js';

const REFRESH_MS = 3000;

export async function page(root, ctx) {
  const list = h('div', { id: 'approvals-list' });
  const stamp = h('span', { class: 'muted small', 'aria-live': 'off' });
  fill(root, pageHead({
    title: 'Pending approvals',
    text: 'Calls held by a rule with the action "require approval". The agent waits (its stream kept alive) until '
      + 'you approve or deny, or the rule\'s timeout denies the call. This list refreshes itself.',
  }), await alertsNote(ctx, 'approval.waiting', 'held calls'), h('div', { class: 'toolbar' }, h('span'), stamp), list);
  await show(list, stamp, ctx);
  const timer = setInterval(async () => {
    if (!ctx.isCurrent() || !document.body.contains(list)) {
      clearInterval(timer);
      return;
    }
    if (document.querySelector('dialog[open]')) return; // do not redraw under a decision being typed
    try {
      await show(list, stamp, ctx);
    } catch (error) {
      fill(stamp, 'Refresh failed: ', error.message);
    }
  }, REFRESH_MS);
}

/**
 * Draws the held calls, only when they changed since the last drawing: a redraw every few seconds would take the
 * keyboard focus (and a pointer about to click) off the row's buttons. A redraw puts the focus back on the
 * button of the same name when it is still there.
 */
async function show(list, stamp, ctx) {
  const held = await api('GET', '/approvals');
  fill(stamp, `Updated ${new Date().toLocaleTimeString()}`);
  const drawn = JSON.stringify(held.map(p => [p.id, p.status, p.expiresAt]));
  if (list.dataset.drawn === drawn) return;
  list.dataset.drawn = drawn;
  const focused = list.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
  draw(list, held, ctx);
  const again = focused && [...list.querySelectorAll('[aria-label]')].find(e => e.getAttribute('aria-label') === focused);
  if (again) again.focus();
}

function draw(list, held, ctx) {
  if (held.length === 0) {
    fill(list, h('div', { class: 'card' }, emptyState('Nothing waits for approval', 'Held calls appear here as they arrive.')));
    return;
  }
  fill(list, h('div', { class: 'card' }, table([
    { label: 'Call', className: 'primary-cell', cell: p => [h('code', {}, p.tool),
      h('span', { class: 'muted' }, `${p.gateway}${p.server ? ` · ${p.server}` : ''}`)] },
    { label: 'Host', cell: p => p.hostName || p.host || '—' },
    { label: 'Rule', cell: p => p.ruleName || '—' },
    { label: 'Arguments', cell: p => h('pre', { class: 'json small', tabindex: '0', 'aria-label': `Arguments of ${p.tool}` },
      JSON.stringify(p.arguments, null, 2)) },
    { label: 'Held', cell: p => [time(p.requestedAt), h('div', { class: 'muted small' }, 'denied ', time(p.expiresAt))] },
    { label: 'Status', cell: p => badge(p.status, p.status === 'pending' ? 'off' : '') },
    { label: 'Decide', className: 'actions-cell', cell: p => h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button small primary', 'aria-label': `Approve ${p.tool} for ${p.hostName}`,
        onclick: () => decide(p, true, ctx) }, 'Approve'),
      h('button', { type: 'button', class: 'button small danger', 'aria-label': `Deny ${p.tool} for ${p.hostName}`,
        onclick: () => decide(p, false, ctx) }, 'Deny')) },
  ], held, { caption: 'Held calls' })));
}

/** Approve or deny one held call, with an optional reason kept in the audit record. */
function decide(held, approve, ctx) {
  const verb = approve ? 'Approve' : 'Deny';
  const reason = h('textarea', { name: 'reason', rows: '2', maxlength: '1000' });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'decide-form' }, problem,
    h('p', {}, `${verb} the call of `, h('code', {}, held.tool), ` by ${held.hostName || held.host}?`),
    field('Reason (optional, recorded in the logs)', reason));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const ok = h('button', { type: 'submit', class: approve ? 'button primary' : 'button danger solid', form: 'decide-form' },
    approve ? 'Approve call' : 'Deny call');
  const dialog = openDialog({ title: `${verb} held call`, body: form, actions: [cancel, ok] });
  cancel.addEventListener('click', () => dialog.close());
  reason.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    ok.disabled = true;
    try {
      const body = reason.value.trim() ? { reason: reason.value.trim() } : undefined;
      await api('POST', `/approvals/${encodeURIComponent(held.id)}/${approve ? 'approve' : 'deny'}`, body);
      dialog.close();
      toast(approve ? 'Call approved: it is being sent.' : 'Call denied.');
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
      ok.disabled = false;
    }
  });
}
