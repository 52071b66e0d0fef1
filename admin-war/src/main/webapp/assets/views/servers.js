// Servers: the upstream MCP servers that gateways publish. Their credential is write-only.
import { api, query } from '../api.js';
import { badge, emptyState, errorNotice, field, fill, h, openDialog, pageHead, table, tabs, time, toast } from '../dom.js';
import { listTable } from '../list.js';
import { CIRCUIT, HEALTH } from './dashboard.js';
import { embed as embedLogs } from './logs.js';

/** The transports a server may speak (docs/upstream-transports.md), as the console names them. */
const TRANSPORTS = { 'streamable-http': 'Streamable HTTP', sse: 'HTTP+SSE (2024-11-05)', auto: 'Auto-detect' };

export async function list(page, ctx) {
  const [servers, health] = await Promise.all([api('GET', '/servers'), serverHealth(ctx)]);
  const errors = health ? await lastErrors(servers.filter(s => (health.get(s.id) || {}).lastFailure)) : new Map();
  const register = ctx.can('servers:manage')
    ? h('button', { type: 'button', class: 'button primary', onclick: () => registerServer(ctx) }, 'Register server') : null;
  fill(page, pageHead({
    title: 'Servers',
    text: 'Upstream MCP servers (streamable HTTP or the older HTTP+SSE). Gatehouse calls them with its own credential; agents never see it.',
    actions: register ? [register] : [],
  }));
  if (servers.length === 0) {
    page.append(h('div', { class: 'card' }, emptyState('No servers yet', 'Register the URL of an MCP server to publish it through a gateway.')));
    return;
  }
  page.append(h('div', { class: 'card' }, listTable([
    { label: 'Server', className: 'primary-cell', sort: s => s.name, cell: s => [h('a', { href: `#/servers/${s.id}` }, s.name), h('span', { class: 'muted' }, s.slug)] },
    { label: 'URL', sort: s => s.url, cell: s => h('code', {}, s.url) },
    { label: 'Credential', cell: s => (s.hasCredential ? badge(`${s.authHeaderName} set`, 'info') : h('span', { class: 'muted' }, 'none')) },
    { label: 'Status', sort: s => (s.enabled ? 0 : 1), cell: s => (s.enabled ? badge('Enabled', 'ok') : badge('Disabled', 'off')) },
    ...(health ? healthColumns(health, errors) : []),
    { label: 'Registered', sort: s => s.createdAt, cell: s => time(s.createdAt) },
  ], servers, { caption: 'Upstream servers', onRowClick: s => ctx.go(`#/servers/${s.id}`), rowLabel: s => `Open ${s.name}`,
    searchText: s => [s.name, s.slug, s.url, s.enabled ? 'enabled' : 'disabled'].join(' ') })));
}

export async function page(root, ctx) {
  const [server, health] = await Promise.all([api('GET', `/servers/${encodeURIComponent(ctx.params.id)}`), serverHealth(ctx)]);
  const edit = ctx.can('servers:manage')
    ? h('button', { type: 'button', class: 'button', id: 'edit-server', onclick: () => editServer(server, ctx) }, 'Edit server') : null;
  fill(root,
    pageHead({ crumbs: [h('a', { href: '#/servers' }, 'Servers'), ' / '], title: server.name, actions: edit ? [edit] : [] }),
    h('div', { class: 'card' }, h('div', { class: 'card-body' }, h('dl', { class: 'kv' },
      h('dt', {}, 'URL'), h('dd', {}, h('code', {}, server.url)),
      h('dt', {}, 'Slug'), h('dd', { class: 'mono' }, server.slug),
      h('dt', {}, 'Transport'), h('dd', {}, TRANSPORTS[server.transport] || server.transport),
      h('dt', {}, 'Credential'), h('dd', {}, server.hasCredential
        ? [h('code', {}, server.authHeaderName), ' header, secret stored sealed (never shown)'] : 'none'),
      h('dt', {}, 'Timeouts'), h('dd', {}, `connect ${server.connectTimeoutMs} ms, read ${server.readTimeoutMs} ms`),
      h('dt', {}, 'Status'), h('dd', {}, server.enabled ? badge('Enabled', 'ok') : badge('Disabled', 'off')),
      h('dt', {}, 'Registered'), h('dd', {}, time(server.createdAt))))));
  if (health) root.append(await healthSection(server, health));
  // asking the server live is for who manages servers or a gateway's allow-list (the API refuses anyone else)
  const connection = ctx.can('servers:manage') || ctx.can('gateways:manage') ? connectionSection(server, ctx) : null;
  if (connection) root.append(connection.section);
  if (connection && ctx.query.test && ctx.can('servers:manage')) await connection.test();
  if (ctx.can('logs:read')) {
    root.append(h('div', { class: 'section' }, tabs([
      { id: 'logs', label: 'Logs', render: panel => embedLogs(panel, ctx, { server: server.slug }, `server ${server.name}`) },
    ], 'logs')));
  }
}

/**
 * "Test connection" (servers:manage): Gatehouse opens an MCP session with the server as the gateway does
 * and shows what it says of itself and offers. With gateways:manage only, "List tools" shows the tools only.
 */
function connectionSection(server, ctx) {
  const manage = ctx.can('servers:manage');
  const result = h('div', { class: 'probe-result', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, manage
      ? 'Gatehouse opens an MCP session with the server, with its credential, exactly as the gateway does, and lists what it offers.'
      : 'Ask the server for its current tool list.'));
  const button = h('button', { type: 'button', class: 'button primary', id: 'test-connection' }, manage ? 'Test connection' : 'List tools');
  const test = async () => {
    button.disabled = true;
    fill(result, h('p', { class: 'muted' }, manage ? 'Testing…' : 'Asking the server…'));
    try {
      const path = `/servers/${encodeURIComponent(server.slug)}`;
      const outcome = manage ? await api('POST', `${path}/test`) : { reachable: true, ...(await api('GET', `${path}/tools`)) };
      fill(result, probeView(outcome, manage));
      if (outcome.reachable && ctx.can('gateways:manage')) result.append(await allowLists(server, outcome.tools, ctx));
    } catch (error) {
      fill(result, errorNotice(error));
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', test);
  return {
    test,
    section: h('div', { class: 'section' },
      h('div', { class: 'section-head' }, h('h2', {}, 'Connection'), button),
      h('div', { class: 'card' }, h('div', { class: 'card-body' }, result))),
  };
}

function probeView(outcome, diagnostic) {
  if (!outcome.reachable) {
    return h('div', { class: 'notice error', role: 'alert' }, h('p', {}, badge('Unreachable', 'bad'), ' ', outcome.error));
  }
  const info = outcome.serverInfo || {};
  const head = diagnostic ? h('dl', { class: 'kv' },
    h('dt', {}, 'Status'), h('dd', {}, badge('Reachable', 'ok'), ` session opened in ${outcome.latencyMs} ms`),
    h('dt', {}, 'Server'), h('dd', {}, [info.title || info.name || 'unnamed', info.version ? ` ${info.version}` : '']),
    h('dt', {}, 'Protocol'), h('dd', { class: 'mono' }, outcome.protocolVersion),
    h('dt', {}, 'Capabilities'), h('dd', {}, Object.keys(outcome.capabilities || {}).join(', ') || 'none')) : null;
  const named = (items, kind) => (items && items.length ? table([
    { label: 'Name', className: 'primary-cell', cell: i => h('code', {}, i.name || i.uri) },
    { label: 'Description', cell: i => i.description || h('span', { class: 'muted' }, '—') },
  ], items, { caption: `${kind} of the server` }) : h('p', { class: 'muted' }, `No ${kind.toLowerCase()}.`));
  const resources = items => (items && items.length ? table([
    { label: 'URI', className: 'primary-cell', cell: i => h('code', {}, i.uri) },
    { label: 'Name', cell: i => i.name || '' },
    { label: 'Description', cell: i => i.description || h('span', { class: 'muted' }, '—') },
  ], items, { caption: 'Resources of the server' }) : h('p', { class: 'muted' }, 'No resources.'));
  return h('div', { class: 'stack' }, head,
    h('h3', {}, `Tools (${outcome.tools.length})`), h('div', { id: 'server-tools' }, named(outcome.tools, 'Tools')),
    diagnostic ? [h('h3', {}, `Prompts (${outcome.prompts.length})`), named(outcome.prompts, 'Prompts'),
      h('h3', {}, `Resources (${outcome.resources.length})`), resources(outcome.resources)] : null);
}

/** "Register server": URL, and optionally the header and secret Gatehouse sends upstream. */
function registerServer(ctx) {
  const name = h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off' });
  const slug = h('input', { name: 'slug', maxlength: '64', pattern: '[a-z0-9-]+', autocomplete: 'off', placeholder: 'from the name' });
  const url = h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://mcp.example.com/mcp' });
  const transport = h('select', { name: 'transport' },
    ...Object.entries(TRANSPORTS).map(([value, label]) => h('option', { value }, label)));
  const header = h('input', { name: 'authHeaderName', placeholder: 'Authorization', autocomplete: 'off' });
  const secret = h('input', { name: 'authSecret', type: 'password', autocomplete: 'new-password' });
  const connect = h('input', { name: 'connectTimeoutMs', type: 'number', min: '1', placeholder: '5000' });
  const read = h('input', { name: 'readTimeoutMs', type: 'number', min: '1', placeholder: '60000' });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'register-server-form' }, problem,
    field('Name', name), field('Slug (optional)', slug), field('MCP endpoint URL', url, 'Streamable HTTP endpoint, or the SSE endpoint of an HTTP+SSE server.'),
    field('Transport', transport, 'Auto-detect tries streamable HTTP first, then HTTP+SSE.'),
    h('fieldset', {}, h('legend', {}, 'Credential (optional, write-only)'), h('div', { class: 'form-grid' },
      field('Header name', header), field('Secret', secret, 'Stored sealed; never shown again.'))),
    h('div', { class: 'form-grid' }, field('Connect timeout (ms)', connect), field('Read timeout (ms)', read)));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'register-server-form' }, 'Register server');
  const dialog = openDialog({ title: 'Register server', body: form, actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  name.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    save.disabled = true;
    const number = input => (input.value ? Number(input.value) : null);
    try {
      const created = await api('POST', '/servers', {
        name: name.value, slug: slug.value.trim() || null, url: url.value.trim(), transport: transport.value,
        authHeaderName: header.value.trim() || null, authSecret: secret.value || null,
        connectTimeoutMs: number(connect), readTimeoutMs: number(read),
      });
      secret.value = '';
      dialog.close();
      // tested on save: the server's page opens and asks it at once (initialize, then its lists)
      ctx.go(`#/servers/${created.id}?test=1`);
    } catch (error) {
      fill(problem, errorNotice(error));
      save.disabled = false;
    }
  });
}

/** Each server's calls of the last 24 hours and this node's circuit for it (GET /api/dashboard); none without logs:read. */
async function serverHealth(ctx) {
  if (!ctx.can('logs:read')) return null;
  try {
    const d = await api('GET', '/dashboard');
    return new Map(d.servers.map(s => [s.id, s]));
  } catch (error) {
    return null; // the list stands without it
  }
}

/** The newest failed call (upstream error or timeout) of each server given, by server id: when and why. */
async function lastErrors(servers) {
  const newest = async server => {
    const pages = await Promise.all(['upstream_error', 'timeout'].map(outcome =>
      api('GET', `/calls${query({ server: server.slug, outcome, limit: 1 })}`).catch(() => ({ calls: [] }))));
    const calls = pages.flatMap(p => p.calls).sort((a, b) => String(b.endedAt).localeCompare(String(a.endedAt)));
    return [server.id, calls[0] || null];
  };
  return new Map(await Promise.all(servers.map(newest)));
}

/** What a failed call says went wrong, in Gatehouse's words (its detail or error code). */
function errorText(call) {
  if (!call) return null;
  return call.detail || (call.errorCode != null ? `error ${call.errorCode}` : call.outcome);
}

async function healthSection(server, health) {
  const s = health.get(server.id) || { health: 'idle', circuit: 'closed', lastFailure: null, calls: 0, failures: 0 };
  const last = s.lastFailure ? (await lastErrors([server])).get(server.id) : null;
  return h('div', { class: 'section' }, h('h2', {}, 'Health'), h('div', { class: 'card', id: 'server-health' }, h('div', { class: 'card-body' },
    h('dl', { class: 'kv' },
      h('dt', {}, 'Last 24 hours'), h('dd', {}, badge(...HEALTH[s.health]), ` ${s.failures} of ${s.calls} calls failed`),
      h('dt', {}, 'Circuit (this node)'), h('dd', {}, badge(...(CIRCUIT[s.circuit] || [s.circuit, '']))),
      h('dt', {}, 'Last success'), h('dd', {}, time(s.lastSuccess, 'none')),
      h('dt', {}, 'Last error'), h('dd', { id: 'server-last-error' }, last
        ? [time(last.endedAt), ' ', h('span', {}, errorText(last)), ' ',
          h('a', { href: `#/logs${query({ view: 'records', correlationId: last.correlationId })}` }, 'its records')]
        : time(s.lastFailure, 'none'))))));
}

/**
 * The server's tools as each gateway publishing it lets them through (gateways:manage): tick or untick a tool
 * and save, and the gateway's allow-list for this server changes (PUT /gateways/{slug}/servers/{server}).
 */
async function allowLists(server, tools, ctx) {
  const gateways = (await api('GET', '/gateways')).flatMap(g => g.servers
    .filter(gs => gs.id === server.id || gs.slug === server.slug).map(gs => ({ gateway: g, gs })));
  if (!tools.length) return h('div');
  if (!gateways.length) {
    return h('p', { class: 'muted' }, 'No gateway publishes this server yet: publish it from a gateway\'s page.');
  }
  return h('div', { class: 'stack', id: 'server-allow-lists' }, h('h3', {}, 'Published tools, by gateway'),
    gateways.map(({ gateway, gs }) => allowListForm(gateway, gs, tools, ctx)));
}

function allowListForm(gateway, gs, tools, ctx) {
  let exposure = gs.tools || { mode: 'all', allow: [] };
  const allowed = name => exposure.mode === 'all' || (exposure.mode === 'selected' && (exposure.allow || []).includes(name));
  const boxes = tools.map(t => h('input', { type: 'checkbox', name: 'allow', value: t.name, checked: allowed(t.name) }));
  const problem = h('div');
  const id = `allow-${gateway.slug}-${gs.identityScheme || 'shared'}`;
  const form = h('form', { class: 'stack', id, 'data-gateway': gateway.slug },
    h('fieldset', {}, h('legend', {}, `Tools published on ${gateway.name}` + (gs.identityScheme === 'per-user' ? ' (per-user)' : '')),
      h('ul', { class: 'checklist' }, tools.map((t, i) => h('li', {}, h('label', {}, boxes[i], ' ', h('code', {}, t.name)))))),
    problem, h('div', {}, h('button', { type: 'submit', class: 'button primary' }, `Save allow-list for ${gateway.name}`)));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const offered = new Set(tools.map(t => t.name));
    const ticked = boxes.filter(b => b.checked).map(b => b.value);
    // names allowed but not offered right now stay allowed; "all" stays "all" while every tool is ticked
    const kept = (exposure.allow || []).filter(n => !offered.has(n));
    const mode = exposure.mode === 'all' && ticked.length === tools.length ? 'all'
      : ticked.length + kept.length === 0 ? 'none' : 'selected';
    const keep = e => ({ mode: (e || {}).mode || 'all', allow: (e || {}).allow || [] });
    const published = { mode, allow: mode === 'selected' ? [...ticked, ...kept] : [] };
    try {
      await api('PUT', `/gateways/${encodeURIComponent(gateway.slug)}/servers/${encodeURIComponent(gs.slug)}`, {
        toolPrefix: gs.toolPrefix || undefined, identityScheme: gs.identityScheme || undefined,
        tools: published, prompts: keep(gs.prompts), resources: keep(gs.resources),
      });
      exposure = { mode, allow: published.allow };
      fill(problem);
      toast(`Allow-list saved for ${gateway.name}.`);
    } catch (error) {
      fill(problem, errorNotice(error));
    }
  });
  return form;
}

/**
 * "Edit server": name, URL, transport, timeouts, enabled, and a new secret (rotation; blank keeps the stored one,
 * which is never shown, unless the URL moves to another origin: the form says so). Sent with the revision read (If-Match): a server changed meanwhile is not overwritten.
 * Saved, the page opens again and tests the server at once.
 */
function editServer(server, ctx) {
  const name = h('input', { name: 'name', required: true, maxlength: '200', value: server.name, autocomplete: 'off' });
  const url = h('input', { name: 'url', type: 'url', required: true, value: server.url });
  const transport = h('select', { name: 'transport' },
    ...Object.entries(TRANSPORTS).map(([value, label]) => h('option', { value, selected: value === server.transport }, label)));
  const connect = h('input', { name: 'connectTimeoutMs', type: 'number', min: '1', max: '1800000', required: true, value: String(server.connectTimeoutMs) });
  const read = h('input', { name: 'readTimeoutMs', type: 'number', min: '1', max: '1800000', required: true, value: String(server.readTimeoutMs) });
  const enabled = h('input', { name: 'enabled', type: 'checkbox', checked: server.enabled });
  const header = h('input', { name: 'authHeaderName', value: server.authHeaderName || '', placeholder: 'Authorization', autocomplete: 'off' });
  const secret = h('input', { name: 'authSecret', type: 'password', autocomplete: 'new-password' });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'edit-server-form' }, problem,
    field('Name', name), field('MCP endpoint URL', url, 'A URL on another scheme, host or port does not take the stored'
      + ' credentials along: the secret, users\' identities and the OAuth client of this server are dropped unless you give'
      + ' a new secret below. A new path on the same host keeps them.'), field('Transport', transport),
    h('div', { class: 'form-grid' }, field('Connect timeout (ms)', connect), field('Read timeout (ms)', read)),
    h('div', { class: 'field' }, h('label', {}, enabled, ' Enabled (a disabled server is left out of every gateway)')),
    h('fieldset', {}, h('legend', {}, 'Rotate the credential (write-only)'), h('div', { class: 'form-grid' },
      field('Header name', header), field('New secret', secret,
        server.hasCredential ? 'Leave empty to keep the stored secret; it is never shown.' : 'The server has no credential yet.'))));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'edit-server-form' }, 'Save and test');
  const dialog = openDialog({ title: `Edit ${server.name}`, body: form, actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  name.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = {};
    if (name.value !== server.name) body.name = name.value;
    if (url.value.trim() !== server.url) body.url = url.value.trim();
    if (transport.value !== server.transport) body.transport = transport.value;
    if (Number(connect.value) !== server.connectTimeoutMs) body.connectTimeoutMs = Number(connect.value);
    if (Number(read.value) !== server.readTimeoutMs) body.readTimeoutMs = Number(read.value);
    if (enabled.checked !== server.enabled) body.enabled = enabled.checked;
    if (secret.value) {
      body.authSecret = secret.value;
      if (header.value.trim() && header.value.trim() !== server.authHeaderName) body.authHeaderName = header.value.trim();
    }
    if (Object.keys(body).length === 0) {
      dialog.close();
      return;
    }
    save.disabled = true;
    try {
      await api('PATCH', `/servers/${encodeURIComponent(server.id)}`, body, { 'If-Match': `"${server.revision}"` });
      secret.value = '';
      dialog.close();
      toast('Server saved.');
      if (ctx.query.test) ctx.refresh();
      else ctx.go(`#/servers/${server.id}?test=1`); // tested on save, as on registration
    } catch (error) {
      fill(problem, errorNotice(error.status === 412
        ? { problem: { title: 'Changed meanwhile', detail: 'someone else saved this server since you opened it: close this dialog, and edit it again' } }
        : error));
      save.disabled = false;
    }
  });
}

function healthColumns(health, errors) {
  const of = s => health.get(s.id) || { health: 'idle', circuit: 'closed', lastFailure: null, calls: 0, failures: 0 };
  return [
    { label: 'Health (24 h)', sort: s => ['failing', 'degraded', 'ok', 'idle'].indexOf(of(s).health),
      cell: s => [badge(...HEALTH[of(s).health]), h('span', { class: 'muted small' }, ` ${of(s).failures} of ${of(s).calls} failed`)] },
    { label: 'Circuit', sort: s => of(s).circuit, cell: s => badge(...(CIRCUIT[of(s).circuit] || [of(s).circuit, ''])) },
    { label: 'Last error', sort: s => of(s).lastFailure, cell: s => (errors.get(s.id)
      ? [time(errors.get(s.id).endedAt), h('div', { class: 'muted small' }, errorText(errors.get(s.id)))]
      : time(of(s).lastFailure, 'none')) },
  ];
}
