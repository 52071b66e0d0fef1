// Servers: the upstream MCP servers that gateways publish. Their credential is write-only.
import { api } from '../api.js';
import { badge, emptyState, errorNotice, field, fill, h, openDialog, pageHead, table, tabs, time } from '../dom.js';
import { embed as embedLogs } from './logs.js';

export async function list(page, ctx) {
  const servers = await api('GET', '/servers');
  const register = ctx.can('servers:manage')
    ? h('button', { type: 'button', class: 'button primary', onclick: () => registerServer(ctx) }, 'Register server') : null;
  fill(page, pageHead({
    title: 'Servers',
    text: 'Upstream MCP servers (streamable HTTP). Gatehouse calls them with its own credential; agents never see it.',
    actions: register ? [register] : [],
  }));
  if (servers.length === 0) {
    page.append(h('div', { class: 'card' }, emptyState('No servers yet', 'Register the URL of an MCP server to publish it through a gateway.')));
    return;
  }
  page.append(h('div', { class: 'card' }, table([
    { label: 'Server', className: 'primary-cell', cell: s => [h('a', { href: `#/servers/${s.id}` }, s.name), h('span', { class: 'muted' }, s.slug)] },
    { label: 'URL', cell: s => h('code', {}, s.url) },
    { label: 'Credential', cell: s => (s.hasCredential ? badge(`${s.authHeaderName} set`, 'info') : h('span', { class: 'muted' }, 'none')) },
    { label: 'Status', cell: s => (s.enabled ? badge('Enabled', 'ok') : badge('Disabled', 'off')) },
    { label: 'Registered', cell: s => time(s.createdAt) },
  ], servers, { caption: 'Upstream servers', onRowClick: s => ctx.go(`#/servers/${s.id}`), rowLabel: s => `Open ${s.name}` })));
}

export async function page(root, ctx) {
  const server = await api('GET', `/servers/${encodeURIComponent(ctx.params.id)}`);
  fill(root, 
    pageHead({ crumbs: [h('a', { href: '#/servers' }, 'Servers'), ' / '], title: server.name }),
    h('div', { class: 'card' }, h('div', { class: 'card-body' }, h('dl', { class: 'kv' },
      h('dt', {}, 'URL'), h('dd', {}, h('code', {}, server.url)),
      h('dt', {}, 'Slug'), h('dd', { class: 'mono' }, server.slug),
      h('dt', {}, 'Transport'), h('dd', {}, server.transport.replace('_', ' ')),
      h('dt', {}, 'Credential'), h('dd', {}, server.hasCredential
        ? [h('code', {}, server.authHeaderName), ' header, secret stored sealed (never shown)'] : 'none'),
      h('dt', {}, 'Timeouts'), h('dd', {}, `connect ${server.connectTimeoutMs} ms, read ${server.readTimeoutMs} ms`),
      h('dt', {}, 'Status'), h('dd', {}, server.enabled ? badge('Enabled', 'ok') : badge('Disabled', 'off')),
      h('dt', {}, 'Registered'), h('dd', {}, time(server.createdAt))))));
  if (ctx.can('logs:read')) {
    root.append(h('div', { class: 'section' }, tabs([
      { id: 'logs', label: 'Logs', render: panel => embedLogs(panel, ctx, { server: server.slug }, `server ${server.name}`) },
    ], 'logs')));
  }
}

/** "Register server": URL, and optionally the header and secret Gatehouse sends upstream. */
function registerServer(ctx) {
  const name = h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off' });
  const slug = h('input', { name: 'slug', maxlength: '64', pattern: '[a-z0-9-]+', autocomplete: 'off', placeholder: 'from the name' });
  const url = h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://mcp.example.com/mcp' });
  const header = h('input', { name: 'authHeaderName', placeholder: 'Authorization', autocomplete: 'off' });
  const secret = h('input', { name: 'authSecret', type: 'password', autocomplete: 'new-password' });
  const connect = h('input', { name: 'connectTimeoutMs', type: 'number', min: '1', placeholder: '5000' });
  const read = h('input', { name: 'readTimeoutMs', type: 'number', min: '1', placeholder: '60000' });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'register-server-form' }, problem,
    field('Name', name), field('Slug (optional)', slug), field('MCP endpoint URL', url, 'Streamable HTTP endpoint.'),
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
        name: name.value, slug: slug.value.trim() || null, url: url.value.trim(),
        authHeaderName: header.value.trim() || null, authSecret: secret.value || null,
        connectTimeoutMs: number(connect), readTimeoutMs: number(read),
      });
      secret.value = '';
      dialog.close();
      ctx.go(`#/servers/${created.id}`);
    } catch (error) {
      fill(problem, errorNotice(error));
      save.disabled = false;
    }
  });
}
