// Logs: the audit trail newest first, filtered, with a detail panel per record and export of the
// filtered set. The same view, scoped to one host, connection, gateway or server, sits on their pages.
import { api, downloadUrl, query } from '../api.js';
import { drawer, errorNotice, fill, formatTime, h, pageHead, table, time, toLocalInput } from '../dom.js';
import { callsView, formatMs, outcomeBadge } from './calls.js';
import { keysetPager, positionIn } from '../pager.js';

const OUTCOMES = ['started', 'success', 'error', 'denied', 'unauthorized', 'rejected', 'upstream_error', 'timeout', 'cancelled', 'revoked'];
const KINDS = [['call_started', 'Call started'], ['call_completed', 'Call completed'], ['list', 'List'],
  ['request', 'Request'], ['denied', 'Not sent (refused or withdrawn)'], ['auth_failure', 'Authentication failure'], ['admin_action', 'Admin action'],
  ['rule', 'Rule hit'], ['rate_limited', 'Rate limited'], ['approval', 'Approval decision'], ['quarantine', 'Quarantine'],
  ['oauth', 'OAuth (interactive clients)'], ['sign_in', 'Admin sign-in and sign-out']];
const METHODS = ['tools/call', 'tools/list', 'initialize', 'resources/list', 'resources/read', 'prompts/list', 'prompts/get'];
const FILTERS = ['q', 'host', 'connection', 'correlationId', 'gateway', 'server', 'tool', 'method', 'outcome', 'kind', 'user', 'from', 'to', 'limit'];
const SCOPES = { host: 'host', connection: 'connection', gateway: 'gateway', server: 'server' };

/**
 * The Logs page: calls (one row per tools/call) or records (every audit record), its filters in the URL
 * (#/logs?q=…, #/logs?view=records&host=…), so a search can be saved, shared and reloaded.
 */
export async function page(root, ctx) {
  const records = ctx.query.view === 'records';
  const verdict = h('div', { class: 'verdict', role: 'status' });
  fill(root, pageHead({
    title: 'Logs',
    text: records ? 'Every call, listing, refused request and admin action, attributed to host, token and user. Newest first.'
      : 'Every tool call, one row each, with how it ended, how long it took and what the rules decided on the way.',
    actions: [h('button', { type: 'button', class: 'button', onclick: () => verify(verdict) }, 'Verify audit chain')],
  }), h('nav', { class: 'view-switch', 'aria-label': 'Logs view' },
    h('a', { href: '#/logs', 'aria-current': records ? null : 'page' }, 'Calls'),
    h('a', { href: '#/logs?view=records', 'aria-current': records ? 'page' : null }, 'Records')), verdict);
  if (!records) {
    await callsView(root, ctx, next => remember(`#/logs${query(next)}`));
    return;
  }
  const filters = pick(ctx.query);
  const scope = Object.fromEntries(Object.entries(filters).filter(([k]) => k === 'connection' || k === 'correlationId'));
  await view(root, ctx, filters, scope, null, next => {
    remember(`#/logs${query({ view: 'records', ...next })}`);
  }, positionIn(ctx.query));
}

/** Checks the audit hash chains (GET /api/audit/verify) and says what it found. */
async function verify(verdict) {
  fill(verdict, h('p', { class: 'loading' }, 'Checking every record of every chain…'));
  try {
    const result = await api('GET', '/audit/verify');
    const chains = `${result.records} records in ${result.chains.length} chain${result.chains.length === 1 ? '' : 's'}`;
    fill(verdict, result.intact
      ? h('div', { class: 'notice success' }, h('p', {}, `Audit chain intact: ${chains} checked, none edited, deleted or inserted.`))
      : h('div', { class: 'notice error' }, h('p', {}, h('strong', {}, 'The audit chain is broken. '), `${chains} checked.`),
        h('ul', {}, result.breaks.slice(0, 10).map(b => h('li', {}, `${b.nodeId} #${b.sequence}: ${b.description}`)))));
  } catch (error) {
    fill(verdict, errorNotice(error));
  }
}

/** The logs of one thing, inside another page: {host: id} or {gateway: slug} and so on. */
export function embed(panel, ctx, scope, label) {
  panel.loaded = view(panel, ctx, { ...scope }, scope, label, null, {});
}

function pick(source) {
  return Object.fromEntries(FILTERS.filter(k => source[k]).map(k => [k, source[k]]));
}

/**
 * Audit records filtered and paged by cursor; {@code onChange} (null inside another page) keeps the filters and the
 * page's position in the URL.
 */
async function view(root, ctx, initial, scope, label, onChange, position) {
  let filters = { limit: '100', ...initial };
  const results = h('div', {}, h('p', { class: 'loading' }, 'Loading logs…'));
  const details = drawer('Record details');
  const detail = details.element;
  const closeDetail = details.close;
  const form = filterForm(filters, scope, next => {
    filters = next;
    if (onChange) onChange(filters);
    load({});
  });
  const pager = keysetPager({
    id: 'records', label: 'Pages of audit records', noun: 'record', limit: () => pageSize(filters.limit),
    read: async (cursor, reversed, limit) => {
      // one row more than the page tells whether another page follows
      const rows = await api('GET', `/logs${query({ ...filters, cursor: cursor || '', order: reversed ? 'asc' : '', limit: limit + 1 })}`);
      return { rows: rows.slice(0, limit), more: rows.length > limit };
    },
    draw: entries => render(entries),
    onMove: onChange ? at => onChange({ ...filters, ...at }) : null,
  });
  root.append(h('div', { class: 'card' }, h('div', { class: 'card-body' },
    label ? h('p', { class: 'muted small' }, `Scoped to ${label}.`) : null,
    scopeNote(scope, label), form)), h('div', { class: 'toolbar' }, pager.element, h('div', { class: 'actions' }, exports())),
  results, detail);

  async function load(at) {
    fill(results, h('p', { class: 'loading' }, 'Loading logs…'));
    closeDetail();
    try {
      await pager.show(at);
    } catch (error) {
      fill(results, errorNotice(error));
    }
  }

  function exports() {
    if (!ctx.can('logs:export')) return [];
    const exportQuery = () => {
      const q = { ...filters };
      delete q.limit;
      return q;
    };
    // the filters of the moment, read when the link is followed
    const href = format => downloadUrl(`/logs/export${query({ ...exportQuery(), format })}`);
    const link = (format, text) => h('a', { class: 'button small', href: href(format), download: '',
      onclick: event => { event.currentTarget.href = href(format); } }, text);
    return [link('csv', 'Export CSV'), link('jsonl', 'Export JSON Lines')];
  }

  function render(entries) {
    if (entries.length === 0) {
      fill(results, h('div', { class: 'card' }, h('div', { class: 'empty' }, h(label ? 'h3' : 'h2', {}, 'No records match'),
        h('p', {}, 'Calls appear here as soon as an agent uses its token. Try a wider time range or fewer filters.'))));
      return;
    }
    fill(results, h('div', { class: 'card' }, table([
      { label: 'Time', cell: e => h('span', { class: 'nowrap' }, time(e.time)) },
      { label: 'Event', cell: e => [eventLabel(e), ' ', outcomeBadge(e.outcome)] },
      { label: 'Host', cell: e => e.host || h('span', { class: 'muted' }, '—') },
      { label: 'User', cell: e => e.user || e.actor || h('span', { class: 'muted' }, '—') },
      { label: 'Gateway', cell: e => e.gateway || h('span', { class: 'muted' }, '—') },
      { label: 'Tool or action', cell: e => e.tool ? h('code', {}, e.tool) : (e.kind === 'admin_action' ? e.detail : e.method) || '—' },
      { label: 'Duration', cell: e => (e.durationMs === null ? h('span', { class: 'muted' }, '—') : `${formatMs(e.durationMs)}`) },
    ], entries, {
      caption: 'Audit records',
      onRowClick: (entry, tr) => openDetail(entry, tr),
      rowLabel: e => `${eventLabel(e)} ${e.outcome} at ${formatTime(e.time)}`,
    })));
    results.querySelectorAll('tbody tr').forEach((tr, i) => { tr.dataset.record = String(entries[i].id); });
  }

  function openDetail(entry, tr) {
    details.open(tr, detailPanel(entry, closeDetail));
  }

  await load(position);
}

/** Rows a page: what the URL asks within 1 to 500 (the API's 1,000 less the row that says whether more follow). */
function pageSize(limit) {
  const n = Number(limit);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 500) : 100;
}

function scopeNote(scope, label) {
  if (label || !scope.connection) return null;
  return h('p', { class: 'muted small' }, 'Scoped to one connection (every token it has had). ',
    h('a', { href: '#/logs' }, 'Show all logs'));
}

function filterForm(filters, scope, onApply) {
  const inputs = {};
  const text = (name, label, placeholder) => {
    inputs[name] = h('input', { name, value: filters[name] || '', placeholder, autocomplete: 'off' });
    return labelled(label, inputs[name]);
  };
  const select = (name, label, options) => {
    inputs[name] = h('select', { name }, h('option', { value: '' }, 'Any'),
      options.map(([value, text]) => h('option', { value, selected: filters[name] === value }, text)));
    return labelled(label, inputs[name]);
  };
  const when = (name, label) => {
    inputs[name] = h('input', { name, type: 'datetime-local', value: toLocalInput(filters[name]) });
    return labelled(label, inputs[name]);
  };
  inputs.limit = h('select', { name: 'limit' }, ['50', '100', '500'].map(v => h('option', { value: v, selected: filters.limit === v }, v)));
  const fields = [
    text('q', 'Search', 'error text, tool, host, user'),
    scope.host ? null : text('host', 'Host', 'name or id'),
    scope.gateway ? null : text('gateway', 'Gateway', 'slug'),
    scope.server ? null : text('server', 'Server', 'slug'),
    text('tool', 'Tool', 'e.g. echo'),
    select('method', 'Method', METHODS.map(m => [m, m])),
    select('outcome', 'Outcome', OUTCOMES.map(o => [o, o.replace('_', ' ')])),
    select('kind', 'Kind', KINDS),
    text('user', 'User', 'token issuer or admin'),
    when('from', 'From'),
    when('to', 'Until'),
    labelled('Per page', inputs.limit),
  ];
  const apply = h('button', { type: 'submit', class: 'button primary' }, 'Apply filters');
  const reset = h('button', { type: 'button', class: 'button' }, 'Reset');
  const form = h('form', { class: 'filters', 'aria-label': 'Log filters' }, fields,
    h('div', { class: 'actions' }, apply, reset));
  const collect = () => {
    const next = { ...scope };
    for (const [name, input] of Object.entries(inputs)) {
      if (!input.value) continue;
      next[name] = input.type === 'datetime-local' ? new Date(input.value).toISOString() : input.value.trim();
    }
    return next;
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    onApply(collect());
  });
  reset.addEventListener('click', () => {
    Object.values(inputs).forEach(input => { input.value = ''; });
    inputs.limit.value = '100';
    onApply(collect());
  });
  return form;
}

function labelled(label, input) {
  input.id = `log-${input.name}-${Math.random().toString(36).slice(2, 7)}`;
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
}

/** A record's event; an admin session's sign-in and sign-out share the kind sign_in, the method tells them apart. */
function eventLabel(e) {
  if (e.kind === 'sign_in') {
    return String(e.method || '').startsWith('sign-out/') ? 'Admin sign-out' : 'Admin sign-in';
  }
  return kindLabel(e.kind);
}

function kindLabel(kind) {
  const found = KINDS.find(([k]) => k === kind);
  return found ? found[1] : kind;
}


/** Everything a record says, grouped as an investigator reads it. */
function detailPanel(e, onClose) {
  const row = (label, value) => (value === null || value === undefined || value === '' ? null
    : [h('dt', {}, label), h('dd', {}, value)]);
  const overhead = e.durationMs !== null && e.upstreamDurationMs !== null ? formatMs(Math.max(0, e.durationMs - e.upstreamDurationMs)) : null;
  return h('div', { class: 'card-body' },
    h('div', { class: 'section-head' }, h('h2', { tabindex: '-1' }, eventLabel(e)),
      h('button', { type: 'button', class: 'button small ghost', onclick: onClose, 'aria-label': 'Close details' }, 'Close')),
    h('p', {}, outcomeBadge(e.outcome), ' ', h('span', { class: 'muted small' }, formatTime(e.time))),
    h('h3', {}, 'Attribution'),
    h('dl', { class: 'kv' },
      row('Host', e.host), row('Host id', e.hostId ? h('span', { class: 'mono' }, e.hostId) : null),
      row('Token', e.tokenPublicId ? h('code', {}, `gth_${e.tokenPublicId}_…`) : null),
      row('Token generated by', e.user), row('Admin', e.actor)),
    h('h3', {}, 'Call'),
    h('dl', { class: 'kv' },
      row('Gateway', e.gateway), row('Server', e.server), row('Tool', e.tool ? h('code', {}, e.tool) : null),
      row('Method', e.method), row('JSON-RPC id', e.jsonRpcId), row('MCP session', e.mcpSessionId ? h('span', { class: 'mono' }, e.mcpSessionId) : null),
      row('Trace id', e.traceId ? h('span', { class: 'mono' }, e.traceId) : null),
      row('Detail', e.detail)),
    h('h3', {}, 'Timings and status'),
    h('dl', { class: 'kv' },
      row('Total (client leg)', e.durationMs === null ? null : formatMs(e.durationMs)),
      row('Upstream leg', e.upstreamDurationMs === null ? null : formatMs(e.upstreamDurationMs)),
      row('Gateway overhead', overhead),
      row('HTTP status', e.httpStatus === null ? null : String(e.httpStatus)),
      row('JSON-RPC error', e.errorCode === null ? null : String(e.errorCode)),
      row('Bytes in / out', e.bytesIn === null && e.bytesOut === null ? null : `${e.bytesIn ?? '—'} / ${e.bytesOut ?? '—'}`)),
    h('h3', {}, 'Client'),
    h('dl', { class: 'kv' }, row('Address', e.clientAddress), row('User agent', e.userAgent)),
    h('h3', {}, 'Record'),
    h('dl', { class: 'kv' }, row('Id', String(e.id)),
      row('Correlation id', h('a', { href: `#/logs?${new URLSearchParams({ correlationId: e.correlationId })}` }, e.correlationId))));
}

/**
 * A search kept in the URL as a step of the browser's history: a reload shows it again, Back returns to the search
 * before it and Forward comes back (the hash change renders the page from the URL). Without a hash change (the
 * page drew the search already) nothing is added.
 */
function remember(hash) {
  if (location.hash !== hash) history.pushState(null, '', hash);
}
