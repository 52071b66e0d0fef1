// Gateways: the published sets of upstream servers, each with the MCP URL that clients configure.
import { api } from '../api.js';
import {
  copyButton, emptyState, errorNotice, field, fill, h, openDialog, pageHead, table, tabs, time,
} from '../dom.js';
import { embed as embedLogs } from './logs.js';

export async function list(page, ctx) {
  const gateways = await api('GET', '/gateways');
  const create = ctx.can('gateways:manage')
    ? h('button', { type: 'button', class: 'button primary', onclick: () => createGateway(ctx) }, 'Create gateway') : null;
  fill(page, pageHead({
    title: 'Gateways',
    text: 'A gateway publishes one or more upstream MCP servers under one URL. Hosts connect to a gateway to get a token for it.',
    actions: create ? [create] : [],
  }));
  if (gateways.length === 0) {
    page.append(h('div', { class: 'card' }, emptyState('No gateways yet',
      'Register an upstream server under Servers, then create a gateway that publishes it.')));
    return;
  }
  page.append(h('div', { class: 'card' }, table([
    { label: 'Gateway', className: 'primary-cell', cell: g => [h('a', { href: `#/gateways/${g.slug}` }, g.name),
      g.description ? h('span', { class: 'muted' }, g.description) : null] },
    { label: 'MCP URL', cell: g => h('div', { class: 'row' }, h('code', {}, g.url), copyButton(g.url, 'Copy', { 'aria-label': `Copy the MCP URL of ${g.name}` })) },
    { label: 'Servers', cell: g => (g.servers.length ? g.servers.map(s => h('div', {}, s.name, h('span', { class: 'muted small' }, ` prefix ${s.toolPrefix || '—'}`))) : h('span', { class: 'muted' }, 'none')) },
    { label: 'Created', cell: g => time(g.createdAt) },
  ], gateways, { caption: 'Gateways', onRowClick: g => ctx.go(`#/gateways/${g.slug}`), rowLabel: g => `Open ${g.name}` })));
}

export async function page(root, ctx) {
  const gateway = await api('GET', `/gateways/${encodeURIComponent(ctx.params.slug)}`);
  fill(root, 
    pageHead({ crumbs: [h('a', { href: '#/gateways' }, 'Gateways'), ' / '], title: gateway.name, text: gateway.description }),
    h('div', { class: 'card' }, h('div', { class: 'card-body' }, h('dl', { class: 'kv' },
      h('dt', {}, 'MCP URL'), h('dd', {}, h('div', { class: 'row' }, h('input', { readonly: true, value: gateway.url, 'aria-label': 'MCP URL' }),
        copyButton(gateway.url, 'Copy URL'))),
      h('dt', {}, 'Slug'), h('dd', { class: 'mono' }, gateway.slug),
      h('dt', {}, 'Created'), h('dd', {}, time(gateway.createdAt))))));
  const items = [{ id: 'servers', label: 'Servers', render: panel => serversTab(panel, gateway) }];
  if (ctx.can('logs:read')) {
    items.push({ id: 'logs', label: 'Logs', render: panel => embedLogs(panel, ctx, { gateway: gateway.slug }, `gateway ${gateway.name}`) });
  }
  root.append(h('div', { class: 'section' }, tabs(items, 'servers')));
}

function serversTab(panel, gateway) {
  panel.append(h('div', { class: 'section-head' }, h('h2', {}, 'Published servers')));
  if (gateway.servers.length === 0) {
    panel.append(h('div', { class: 'card' }, emptyState('No servers', 'This gateway publishes no upstream server yet.')));
    return;
  }
  panel.append(h('div', { class: 'card' }, table([
    { label: 'Server', className: 'primary-cell', cell: s => [h('a', { href: `#/servers/${s.id}` }, s.name), h('span', { class: 'muted' }, s.slug)] },
    { label: 'Tool prefix', cell: s => (s.toolPrefix ? h('code', {}, s.toolPrefix) : h('span', { class: 'muted' }, 'none')) },
    { label: 'Upstream URL', cell: s => h('code', {}, s.url) },
    { label: 'Tools, prompts, resources', cell: () => h('span', { class: 'muted small' }, 'all published') },
  ], gateway.servers, { caption: `Servers of ${gateway.name}` })),
  h('p', { class: 'muted small' }, 'Every tool, prompt and resource of an assigned server is published under its prefix. '
    + 'Per-server allow-lists and a live preview of the tool list come with the protocol work.'));
}

/** "Create gateway": name, slug, description and the servers it publishes, each with a tool prefix. */
async function createGateway(ctx) {
  const servers = await api('GET', '/servers');
  const name = h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off' });
  const slug = h('input', { name: 'slug', maxlength: '64', pattern: '[a-z0-9-]+', autocomplete: 'off', placeholder: 'from the name' });
  const description = h('textarea', { name: 'description', maxlength: '2000' });
  const rows = h('div', { class: 'stack' });
  const addRow = () => {
    const server = h('select', { 'aria-label': 'Server' }, servers.map(s => h('option', { value: s.id }, `${s.name} (${s.slug})`)));
    const prefix = h('input', { 'aria-label': 'Tool prefix', placeholder: 'defaults to the server slug', maxlength: '64' });
    const remove = h('button', { type: 'button', class: 'button small', 'aria-label': 'Remove this server' }, 'Remove');
    const row = h('div', { class: 'assignment' }, field('Server', server), field('Tool prefix', prefix), remove);
    row.read = () => ({ server: server.value, toolPrefix: prefix.value.trim() || null });
    remove.addEventListener('click', () => row.remove());
    rows.append(row);
  };
  if (servers.length) addRow();
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'create-gateway-form' }, problem,
    field('Name', name), field('Slug (URL segment, optional)', slug, 'Lower-case letters, digits and hyphens: /mcp/{slug}.'),
    field('Description (optional)', description),
    h('fieldset', {}, h('legend', {}, 'Servers'), servers.length ? rows
      : h('p', { class: 'muted' }, 'No servers are registered yet; register one under Servers.'),
    servers.length ? h('button', { type: 'button', class: 'button small', onclick: addRow }, 'Add another server') : null));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'create-gateway-form' }, 'Create gateway');
  const dialog = openDialog({ title: 'Create gateway', body: form, actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  name.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    save.disabled = true;
    try {
      const created = await api('POST', '/gateways', {
        name: name.value, slug: slug.value.trim() || null, description: description.value || null,
        servers: [...rows.children].map(r => r.read()),
      });
      dialog.close();
      ctx.go(`#/gateways/${created.slug}`);
    } catch (error) {
      fill(problem, errorNotice(error));
      save.disabled = false;
    }
  });
}
