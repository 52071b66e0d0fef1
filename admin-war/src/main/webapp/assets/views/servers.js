// Servers: the upstream MCP servers that gateways publish. Their credential is write-only.
import { api } from '../api.js';
import { badge, emptyState, errorNotice, field, fill, h, openDialog, pageHead, table, tabs, time } from '../dom.js';
import { listTable } from '../list.js';
import { CIRCUIT, HEALTH } from './dashboard.js';
import { embed as embedLogs } from './logs.js';

/** The transports a server may speak (docs/upstream-transports.md), as the console names them. */
const TRANSPORTS = { 'streamable-http': 'Streamable HTTP', sse: 'HTTP+SSE (2024-11-05)', auto: 'Auto-detect' };

export async function list(page, ctx) {
  const [servers, health] = await Promise.all([api('GET', '/servers'), serverHealth(ctx)]);
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
    ...(health ? healthColumns(health) : []),
    { label: 'Registered', sort: s => s.createdAt, cell: s => time(s.createdAt) },
  ], servers, { caption: 'Upstream servers', onRowClick: s => ctx.go(`#/servers/${s.id}`), rowLabel: s => `Open ${s.name}`,
    searchText: s => [s.name, s.slug, s.url, s.enabled ? 'enabled' : 'disabled'].join(' ') })));
}

export async function page(root, ctx) {
  const server = await api('GET', `/servers/${encodeURIComponent(ctx.params.id)}`);
  fill(root, 
    pageHead({ crumbs: [h('a', { href: '#/servers' }, 'Servers'), ' / '], title: server.name }),
    h('div', { class: 'card' }, h('div', { class: 'card-body' }, h('dl', { class: 'kv' },
      h('dt', {}, 'URL'), h('dd', {}, h('code', {}, server.url)),
      h('dt', {}, 'Slug'), h('dd', { class: 'mono' }, server.slug),
      h('dt', {}, 'Transport'), h('dd', {}, TRANSPORTS[server.transport] || server.transport),
      h('dt', {}, 'Credential'), h('dd', {}, server.hasCredential
        ? [h('code', {}, server.authHeaderName), ' header, secret stored sealed (never shown)'] : 'none'),
      h('dt', {}, 'Timeouts'), h('dd', {}, `connect ${server.connectTimeoutMs} ms, read ${server.readTimeoutMs} ms`),
      h('dt', {}, 'Status'), h('dd', {}, server.enabled ? badge('Enabled', 'ok') : badge('Disabled', 'off')),
      h('dt', {}, 'Registered'), h('dd', {}, time(server.createdAt))))));
  const connection = connectionSection(server, ctx);
  root.append(connection.section);
  if (ctx.query.test && ctx.can('servers:manage')) await connection.test();
  if (ctx.can('logs:read')) {
    root.append(h('div', { class: 'section' }, tabs([
      { id: 'logs', label: 'Logs', render: panel => embedLogs(panel, ctx, { server: server.slug }, `server ${server.name}`) },
    ], 'logs')));
  }
}

/**
 * "Test connection" (servers:manage): Gatehouse opens an MCP session with the server as the gateway does
 * and shows what it says of itself and offers. Without that capability, "List tools" shows the tools only.
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

function healthColumns(health) {
  const of = s => health.get(s.id) || { health: 'idle', circuit: 'closed', lastFailure: null, calls: 0, failures: 0 };
  return [
    { label: 'Health (24 h)', sort: s => ['failing', 'degraded', 'ok', 'idle'].indexOf(of(s).health),
      cell: s => [badge(...HEALTH[of(s).health]), h('span', { class: 'muted small' }, ` ${of(s).failures} of ${of(s).calls} failed`)] },
    { label: 'Circuit', sort: s => of(s).circuit, cell: s => badge(...(CIRCUIT[of(s).circuit] || [of(s).circuit, ''])) },
    { label: 'Last failure', sort: s => of(s).lastFailure, cell: s => time(of(s).lastFailure, 'none') },
  ];
}
