// Rate limits: calls per second, per minute and at once, per connection or per host, on one gateway or all.
// A call over a limit gets HTTP 429 with Retry-After; across a cluster the bound is rules.md's.
import { api } from '../api.js';
import { confirmAction, emptyState, errorNotice, field, fill, h, openDialog, pageHead, table, time, toast } from '../dom.js';

export async function page(root, ctx) {
  const [limits, gateways, hosts] = await Promise.all([api('GET', '/limits'), api('GET', '/gateways'), api('GET', '/hosts')]);
  const manage = ctx.can('rules:manage');
  const create = manage ? h('button', { type: 'button', class: 'button primary',
    onclick: () => createLimit(gateways, hosts, ctx) }, 'New limit') : null;
  fill(root, pageHead({
    title: 'Rate limits',
    text: 'Calls over a limit are refused with HTTP 429 and Retry-After, and recorded in the logs (kind rate_limited).',
    actions: create ? [create] : [],
  }));
  if (limits.length === 0) {
    root.append(h('div', { class: 'card' }, emptyState('No rate limits', 'Every connection may call as often as it likes.')));
    return;
  }
  const hostName = id => (id ? (hosts.find(x => x.id === id) || { name: id }).name : 'every host');
  const number = v => (v === null || v === undefined ? h('span', { class: 'muted' }, '—') : String(v));
  const columns = [
    { label: 'Limit', className: 'primary-cell', cell: l => h('strong', {}, l.name) },
    { label: 'Counts', cell: l => `per ${l.scope}` },
    { label: 'Gateway', cell: l => l.gateway || h('span', { class: 'muted' }, 'all') },
    { label: 'Host', cell: l => hostName(l.host) },
    { label: 'Per second', cell: l => number(l.perSecond) },
    { label: 'Per minute', cell: l => number(l.perMinute) },
    { label: 'At once', cell: l => number(l.concurrent) },
    { label: 'Created', cell: l => [time(l.createdAt), h('span', { class: 'muted small' }, ` by ${l.createdBy || '—'}`)] },
  ];
  if (manage) {
    columns.push({ label: 'Actions', className: 'actions-cell', cell: l => h('button', { type: 'button',
      class: 'button small danger', 'aria-label': `Delete ${l.name}`, onclick: () => deleteLimit(l, ctx) }, 'Delete') });
  }
  root.append(h('div', { class: 'card', id: 'limits-table' }, table(columns, limits, { caption: 'Rate limits' })));
}

async function deleteLimit(limit, ctx) {
  const yes = await confirmAction({ title: `Delete limit ${limit.name}?`, text: 'Calls are no longer counted against it.',
    confirmLabel: 'Delete limit' });
  if (!yes) return;
  try {
    await api('DELETE', `/limits/${encodeURIComponent(limit.id)}`);
    toast(`Limit ${limit.name} deleted.`);
    ctx.refresh();
  } catch (error) {
    toast(error.message, 'error');
  }
}

function createLimit(gateways, hosts, ctx) {
  const name = h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off' });
  const scope = h('select', { name: 'scope' }, h('option', { value: 'connection' }, 'per connection'),
    h('option', { value: 'host' }, 'per host (all its connections)'));
  const gateway = h('select', { name: 'gateway' }, h('option', { value: '' }, 'every gateway'),
    gateways.map(g => h('option', { value: g.slug }, g.name)));
  const host = h('select', { name: 'host' }, h('option', { value: '' }, 'every host'),
    hosts.map(x => h('option', { value: x.id }, x.name)));
  const perSecond = h('input', { name: 'perSecond', type: 'number', min: '1' });
  const perMinute = h('input', { name: 'perMinute', type: 'number', min: '1' });
  const concurrent = h('input', { name: 'concurrent', type: 'number', min: '1' });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'limit-form' }, problem,
    h('div', { class: 'form-grid' }, field('Name', name), field('Counts', scope), field('Gateway', gateway), field('Host', host)),
    h('fieldset', {}, h('legend', {}, 'Limits (at least one)'), h('div', { class: 'form-grid' },
      field('Calls per second', perSecond), field('Calls per minute', perMinute), field('Calls at once', concurrent))));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'limit-form' }, 'Create limit');
  const dialog = openDialog({ title: 'New rate limit', body: form, actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  name.focus();
  const value = input => (input.value ? Number(input.value) : null);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    save.disabled = true;
    try {
      await api('POST', '/limits', { name: name.value.trim(), scope: scope.value, gateway: gateway.value || null,
        host: host.value || null, perSecond: value(perSecond), perMinute: value(perMinute), concurrent: value(concurrent) });
      dialog.close();
      toast(`Limit ${name.value.trim()} created.`);
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
      save.disabled = false;
    }
  });
}
