// Logs as calls: one row per tools/call (its records merged by correlation id: outcome, duration, the rules,
// limits and approvals that decided it), from GET /api/calls. Search, filters and sort live in the URL
// (#/logs?q=…&outcome=…&sort=duration&order=desc), pages go by cursor to the first, previous, next or last page
// however deep (the position in the URL too: …&after=cursor), the raw records of a call are a click away, and a
// live tail shows new calls as they end.
import { api, query } from '../api.js';
import { badge, drawer, errorNotice, fill, formatTime, h, table, time, toLocalInput } from '../dom.js';
import { keysetPager, positionIn } from '../pager.js';

const SORTS = [['time:desc', 'Newest first'], ['time:asc', 'Oldest first'], ['duration:desc', 'Slowest first'],
  ['duration:asc', 'Fastest first']];
const OUTCOMES = ['success', 'error', 'denied', 'upstream_error', 'timeout', 'cancelled', 'revoked', 'rejected'];
const SAVED = ['q', 'outcome', 'host', 'gateway', 'server', 'tool', 'user', 'from', 'to', 'sort', 'order', 'limit'];
const DECISIONS = { rule: 'Rule', rate_limited: 'Rate limit', approval: 'Approval', quarantine: 'Quarantine' };
const TAIL_MS = 500;

/**
 * The calls view of the Logs page; {@code saveFilters} writes the filters and the page's position into the URL,
 * so a reload, a shared link, Back and Forward show the same page of the same search.
 */
export async function callsView(root, ctx, saveFilters) {
  let filters = Object.fromEntries(SAVED.filter(k => ctx.query[k]).map(k => [k, ctx.query[k]]));
  let tail = null;
  const results = h('div', { id: 'calls' }, h('p', { class: 'loading' }, 'Loading calls…'));
  const tailButton = h('button', { type: 'button', class: 'button small', id: 'live-tail', 'aria-pressed': 'false',
    onclick: () => setTail(!tail) }, 'Live tail');
  const details = drawer('Call details');
  const detail = details.element;
  const closeDetail = details.close;
  const pager = keysetPager({
    id: 'calls', label: 'Pages of calls', noun: 'call', limit: () => Number(filters.limit || 50),
    read: async (cursor, reversed, limit) => {
      const [sort, order] = (filters.sort && filters.order) ? [filters.sort, filters.order] : ['time', 'desc'];
      const flipped = reversed ? (order === 'asc' ? 'desc' : 'asc') : order;
      const page = await api('GET', `/calls${query({ ...filters, sort, order: flipped, cursor: cursor || '', limit })}`);
      return { rows: page.calls, more: Boolean(page.next) };
    },
    draw: (calls, page) => render(calls, page),
    onMove: position => {
      if (!position.page && !position.after && !position.before) return saveFilters(filters);
      setTail(false);
      return saveFilters({ ...filters, ...position });
    },
  });
  root.append(h('div', { class: 'card' }, h('div', { class: 'card-body' }, searchForm(filters, next => {
    filters = next;
    saveFilters(filters);
    restart();
  }))), h('div', { class: 'toolbar' }, pager.element, h('div', { class: 'actions' }, tailButton)), results, detail);

  let inFlight = false;
  async function load(position) {
    inFlight = true;
    try {
      await pager.show(position);
    } catch (error) {
      if (ctx.isCurrent()) fill(results, errorNotice(error));
    } finally {
      inFlight = false;
    }
  }

  function restart() {
    return load({});
  }

  /** The live tail: the first page again every half second, while this page is shown; only newest first. */
  function setTail(on) {
    if (!on) {
      clearInterval(tail);
      tail = null;
      tailButton.setAttribute('aria-pressed', 'false');
      return;
    }
    if (filters.sort && !(filters.sort === 'time' && filters.order === 'desc')) {
      filters = { ...filters, sort: 'time', order: 'desc' };
    }
    saveFilters(filters);
    tailButton.setAttribute('aria-pressed', 'true');
    restart();
    tail = setInterval(() => {
      if (!ctx.isCurrent() || !document.body.contains(results)) {
        clearInterval(tail);
        return;
      }
      if (!inFlight && pager.current().first && detail.hidden) load({}); // one request at a time: pages arrive in order
    }, TAIL_MS);
  }

  function render(calls) {
    if (!ctx.isCurrent()) return;
    if (calls.length === 0) {
      fill(results, h('div', { class: 'card' }, h('div', { class: 'empty' }, h('h2', {}, 'No calls match'),
        h('p', {}, 'Calls appear here as soon as they end. Try fewer filters or other words.'))));
      return;
    }
    fill(results, h('div', { class: 'card' }, table([
      { label: 'Ended', cell: c => h('span', { class: 'nowrap' }, time(c.endedAt)) },
      { label: 'Tool', className: 'primary-cell', cell: c => [h('code', {}, c.tool || '—'),
        h('span', { class: 'muted' }, [c.gateway, c.server].filter(Boolean).join(' · '))] },
      { label: 'Host', cell: c => c.host || h('span', { class: 'muted' }, '—') },
      { label: 'User', cell: c => c.user || h('span', { class: 'muted' }, '—') },
      { label: 'Outcome', cell: c => outcomeBadge(c.outcome) },
      { label: 'Duration', className: 'num', cell: c => (c.durationMs === null ? '—' : formatMs(c.durationMs)) },
      { label: 'Decisions', cell: c => c.decisions.map(d => [badge(DECISIONS[d.kind] || d.kind, d.outcome === 'denied' ? 'off' : 'info'), ' ']) },
      { label: 'Records', className: 'num', cell: c => String(c.records) },
    ], calls, {
      caption: 'Calls',
      onRowClick: (call, tr) => openDetail(call, tr),
      rowLabel: c => `${c.tool} by ${c.host || 'unknown host'}, ${c.outcome}, ended ${formatTime(c.endedAt)}`,
    })));
    results.querySelectorAll('tbody tr').forEach((tr, i) => { tr.dataset.correlation = calls[i].correlationId; });
  }

  async function openDetail(call, tr) {
    const records = h('div', {}, h('p', { class: 'loading' }, 'Loading its records…'));
    details.open(tr, callPanel(call, records, closeDetail));
    try {
      const raw = await api('GET', `/logs${query({ correlationId: call.correlationId, limit: 1000 })}`);
      const list = table([
        { label: 'Time', cell: r => h('span', { class: 'nowrap' }, formatTime(r.time)) },
        { label: 'Kind', cell: r => r.kind.replace('_', ' ') },
        { label: 'Outcome', cell: r => outcomeBadge(r.outcome) },
        { label: 'Detail', cell: r => r.detail || '' },
      ], raw.slice().reverse(), { caption: 'The call\'s audit records, oldest first' });
      fill(records, list); // the drawer is narrow: the table scrolls sideways, a focusable region (dom.js table)
    } catch (error) {
      fill(records, errorNotice(error));
    }
  }

  await load(positionIn(ctx.query));
}

function searchForm(filters, onApply) {
  const field = (name, label, input) => {
    input.id = `calls-${name}`;
    return h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
  };
  const text = (name, placeholder) => h('input', { name, value: filters[name] || '', placeholder, autocomplete: 'off' });
  const q = h('input', { name: 'q', type: 'search', value: filters.q || '', autocomplete: 'off',
    placeholder: 'tool, host, user, error text, rule hit, correlation id' });
  const outcome = h('select', { name: 'outcome' }, h('option', { value: '' }, 'Any'),
    OUTCOMES.map(o => h('option', { value: o, selected: filters.outcome === o }, o.replace('_', ' '))));
  const current = `${filters.sort || 'time'}:${filters.order || 'desc'}`;
  const sort = h('select', { name: 'sort' }, SORTS.map(([v, label]) => h('option', { value: v, selected: v === current }, label)));
  const limit = h('select', { name: 'limit' }, ['25', '50', '100', '500'].map(v => h('option', { value: v,
    selected: (filters.limit || '50') === v }, v)));
  const when = name => h('input', { name, type: 'datetime-local', value: toLocalInput(filters[name]) });
  const inputs = { q, outcome, host: text('host', 'name or id'), gateway: text('gateway', 'slug'),
    server: text('server', 'slug'), tool: text('tool', 'e.g. echo'), user: text('user', 'token issuer'),
    from: when('from'), to: when('to') };
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Search calls' },
    h('div', { class: 'field wide' }, h('label', { for: 'calls-q' }, 'Search'), Object.assign(q, { id: 'calls-q' })),
    field('outcome', 'Outcome', outcome), field('host', 'Host', inputs.host), field('gateway', 'Gateway', inputs.gateway),
    field('server', 'Server', inputs.server), field('tool', 'Tool', inputs.tool), field('user', 'User', inputs.user),
    field('from', 'From', inputs.from), field('to', 'Until', inputs.to), field('sort', 'Sort', sort),
    field('limit', 'Per page', limit),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Search')));
  const collect = () => {
    const next = {};
    for (const [name, input] of Object.entries(inputs)) {
      if (!input.value.trim()) continue;
      next[name] = input.type === 'datetime-local' ? new Date(input.value).toISOString() : input.value.trim();
    }
    const [s, o] = sort.value.split(':');
    if (sort.value !== 'time:desc') Object.assign(next, { sort: s, order: o });
    if (limit.value !== '50') next.limit = limit.value;
    return next;
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    onApply(collect());
  });
  sort.addEventListener('change', () => onApply(collect()));
  return form;
}

function callPanel(c, records, onClose) {
  const row = (label, value) => (value === null || value === undefined || value === '' ? null : [h('dt', {}, label), h('dd', {}, value)]);
  return h('div', { class: 'card-body' },
    h('div', { class: 'section-head' }, h('h2', { tabindex: '-1' }, 'Call ', h('code', {}, c.tool || '')),
      h('button', { type: 'button', class: 'button small ghost', onclick: onClose, 'aria-label': 'Close details' }, 'Close')),
    h('p', {}, outcomeBadge(c.outcome), ' ', h('span', { class: 'muted small' }, formatTime(c.endedAt))),
    h('dl', { class: 'kv' }, row('Host', c.host), row('Token generated by', c.user), row('Gateway', c.gateway),
      row('Server', c.server), row('Started', c.startedAt ? formatTime(c.startedAt)
        : c.outcome === 'cancelled' ? 'not sent (withdrawn first)' : 'not sent (refused first)'),
      row('Duration', c.durationMs === null ? null : formatMs(c.durationMs)),
      row('HTTP status', c.httpStatus === null ? null : String(c.httpStatus)),
      row('JSON-RPC error', c.errorCode === null ? null : String(c.errorCode)), row('Detail', c.detail),
      row('Correlation id', h('a', { href: `#/logs?${new URLSearchParams({ view: 'records', correlationId: c.correlationId })}` },
        c.correlationId))),
    c.decisions.length ? [h('h3', {}, 'Decisions'), h('ul', {}, c.decisions.map(d => h('li', {},
      badge(DECISIONS[d.kind] || d.kind, 'info'), ' ', d.outcome, d.detail ? `: ${d.detail}` : '')))] : null,
    h('h3', {}, `Its ${c.records} record${c.records === 1 ? '' : 's'}`), records);
}

/** An outcome as a badge: success green, in flight blue, refusals amber, failures red. */
export function outcomeBadge(outcome) {
  const kind = outcome === 'success' ? 'ok' : outcome === 'started' ? 'info'
    : ['denied', 'unauthorized', 'rejected', 'cancelled'].includes(outcome) ? 'off' : 'bad';
  return badge(outcome.replace('_', ' '), kind);
}

export function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
