// Rate limits: calls per second, per minute and at once, per connection or per host, on one gateway or all.
// A call over a limit gets HTTP 429 with Retry-After; across a cluster the bound is rules.md's. Each limit shows
// what its busiest connection or host has taken of each bound right now, and can be edited in place.
import { api } from '../api.js';
import { confirmAction, emptyState, errorNotice, field, fill, h, openDialog, pageHead, time, toast } from '../dom.js';
import { listTable } from '../list.js';

export async function page(root, ctx) {
  const [limits, gateways, hosts] = await Promise.all([api('GET', '/limits'), api('GET', '/gateways'), api('GET', '/hosts')]);
  const manage = ctx.can('rules:manage');
  const create = manage ? h('button', { type: 'button', class: 'button primary',
    onclick: () => limitDialog(gateways, hosts, ctx) }, 'New limit') : null;
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
  // a bound with its current use: the busiest subject's take in the current window (or slots held), as a meter
  const bound = (l, key) => {
    const max = l[key];
    if (max === null || max === undefined) return h('span', { class: 'muted' }, '—');
    const used = l.usage ? l.usage[key] || 0 : 0;
    return h('span', { class: 'usage', 'data-bound': key }, h('meter', { min: '0', max: String(max), value: String(used),
      high: String(Math.ceil(max * 0.8)), optimum: '0', 'aria-label': `${l.name}: ${used} of ${max} used ${USED[key]}` }),
    ` ${used} / ${max}`);
  };
  const columns = [
    { label: 'Limit', className: 'primary-cell', sort: l => l.name, cell: l => h('strong', {}, l.name) },
    { label: 'Counts', sort: l => l.scope, cell: l => `per ${l.scope}` },
    { label: 'Gateway', sort: l => l.gateway, cell: l => l.gateway || h('span', { class: 'muted' }, 'all') },
    { label: 'Host', sort: l => hostName(l.host), cell: l => hostName(l.host) },
    { label: 'Per second', cell: l => bound(l, 'perSecond') },
    { label: 'Per minute', cell: l => bound(l, 'perMinute') },
    { label: 'At once', cell: l => bound(l, 'concurrent') },
    { label: 'Created', sort: l => l.createdAt, cell: l => [time(l.createdAt), h('span', { class: 'muted small' }, ` by ${l.createdBy || '—'}`)] },
  ];
  if (manage) {
    columns.push({ label: 'Actions', className: 'actions-cell', cell: l => [h('button', { type: 'button',
      class: 'button small', 'aria-label': `Edit ${l.name}`, onclick: () => limitDialog(gateways, hosts, ctx, l) }, 'Edit'), ' ',
    h('button', { type: 'button',
      class: 'button small danger', 'aria-label': `Delete ${l.name}`, onclick: () => deleteLimit(l, ctx) }, 'Delete')] });
  }
  root.append(h('div', { class: 'card', id: 'limits-table' }, listTable(columns, limits, { caption: 'Rate limits',
    searchText: l => [l.name, l.scope, l.gateway || 'all', hostName(l.host), l.createdBy].join(' ') })),
    h('p', { class: 'muted small' }, 'Used: what the busiest connection or host has taken in the current second or minute, '
      + 'or the calls it runs at once (nodes take quota in batches of a tenth of a bound, so this may run ahead of the calls made).'));
}

const USED = { perSecond: 'this second', perMinute: 'this minute', concurrent: 'at once' };

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

/** "New limit", or "Edit" of an existing one (PUT: the whole definition replaced, the last write wins). */
function limitDialog(gateways, hosts, ctx, existing = null) {
  const was = existing || {};
  const name = h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off', value: was.name || '' });
  const scope = h('select', { name: 'scope' }, h('option', { value: 'connection', selected: was.scope !== 'host' }, 'per connection'),
    h('option', { value: 'host', selected: was.scope === 'host' }, 'per host (all its connections)'));
  const gateway = h('select', { name: 'gateway' }, h('option', { value: '' }, 'every gateway'),
    gateways.map(g => h('option', { value: g.slug, selected: g.slug === was.gateway }, g.name)));
  const host = h('select', { name: 'host' }, h('option', { value: '' }, 'every host'),
    hosts.map(x => h('option', { value: x.id, selected: x.id === was.host }, x.name)));
  const numberInput = key => h('input', { name: key, type: 'number', min: '1',
    value: was[key] === null || was[key] === undefined ? '' : String(was[key]) });
  const perSecond = numberInput('perSecond');
  const perMinute = numberInput('perMinute');
  const concurrent = numberInput('concurrent');
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'limit-form' }, problem,
    h('div', { class: 'form-grid' }, field('Name', name), field('Counts', scope), field('Gateway', gateway), field('Host', host)),
    h('fieldset', {}, h('legend', {}, 'Limits (at least one)'), h('div', { class: 'form-grid' },
      field('Calls per second', perSecond), field('Calls per minute', perMinute), field('Calls at once', concurrent))));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'limit-form' }, existing ? 'Save limit' : 'Create limit');
  const dialog = openDialog({ title: existing ? `Edit limit ${existing.name}` : 'New rate limit', body: form, actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  name.focus();
  const value = input => (input.value ? Number(input.value) : null);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    save.disabled = true;
    const body = { name: name.value.trim(), scope: scope.value, gateway: gateway.value || null,
      host: host.value || null, perSecond: value(perSecond), perMinute: value(perMinute), concurrent: value(concurrent) };
    try {
      if (existing) await api('PUT', `/limits/${encodeURIComponent(existing.id)}`, body);
      else await api('POST', '/limits', body);
      dialog.close();
      toast(`Limit ${body.name} ${existing ? 'saved' : 'created'}.`);
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
      save.disabled = false;
    }
  });
}
