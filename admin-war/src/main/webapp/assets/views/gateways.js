// Gateways: the published sets of upstream servers, each with the MCP URL that clients configure.
import { api } from '../api.js';
import {
  confirmAction, copyButton, describe, emptyState, errorNotice, field, fill, h, openDialog, pageHead, sectionEmptyState, table, tabs,
  time, toast,
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
  const manage = ctx.can('gateways:manage');
  fill(root,
    pageHead({ crumbs: [h('a', { href: '#/gateways' }, 'Gateways'), ' / '], title: gateway.name, text: gateway.description }),
    h('div', { class: 'card' }, h('div', { class: 'card-body' }, h('dl', { class: 'kv' },
      h('dt', {}, 'MCP URL'), h('dd', {}, h('div', { class: 'row' }, h('input', { readonly: true, value: gateway.url, 'aria-label': 'MCP URL' }),
        copyButton(gateway.url, 'Copy URL'))),
      h('dt', {}, 'Slug'), h('dd', { class: 'mono' }, gateway.slug),
      h('dt', {}, 'Names'), h('dd', {}, namingText(gateway)),
      h('dt', {}, 'Governance'), h('dd', {}, h('a', { href: `#/rules/${encodeURIComponent(gateway.slug)}` }, 'Rules of this gateway')),
      h('dt', {}, 'Created'), h('dd', {}, time(gateway.createdAt))))));
  const items = [{ id: 'servers', label: 'Servers', render: panel => serversTab(panel, gateway, ctx) }];
  if (manage && gateway.prefixMode) {
    items.push({ id: 'naming', label: 'Naming', render: panel => namingTab(panel, gateway, ctx) });
  }
  if (ctx.can('logs:read')) {
    items.push({ id: 'logs', label: 'Logs', render: panel => embedLogs(panel, ctx, { gateway: gateway.slug }, `gateway ${gateway.name}`) });
  }
  root.append(h('div', { class: 'section' }, tabs(items, 'servers')));
}

const MODES = { always: 'always prefixed', never: 'never prefixed', conditional: 'prefixed when the gateway has more than one server' };

function namingText(gateway) {
  if (!gateway.prefixMode) return 'each server\'s items under its prefix';
  return `${MODES[gateway.prefixMode] || gateway.prefixMode}, separator ${gateway.separator || '__'}`;
}

function exposureText(exposure) {
  if (!exposure || exposure.mode === 'all') return 'all';
  if (exposure.mode === 'none') return 'none';
  return `${exposure.allow.length} selected`;
}

function serversTab(panel, gateway, ctx) {
  const manage = ctx.can('gateways:manage');
  panel.append(h('div', { class: 'section-head' }, h('h2', {}, 'Published servers'),
    manage ? h('button', { type: 'button', class: 'button primary', onclick: () => publish(gateway, null, ctx) }, 'Publish a server') : null));
  if (gateway.servers.length === 0) {
    panel.append(h('div', { class: 'card' }, sectionEmptyState('No servers', 'This gateway publishes no upstream server yet.')));
    return;
  }
  const columns = [
    { label: 'Server', className: 'primary-cell', cell: s => [h('a', { href: `#/servers/${s.id}` }, s.name), h('span', { class: 'muted' }, s.slug)] },
    { label: 'Prefix', cell: s => (s.toolPrefix ? h('code', {}, s.toolPrefix) : h('span', { class: 'muted' }, 'none')) },
    { label: 'Tools', cell: s => exposureText(s.tools) },
    { label: 'Prompts', cell: s => exposureText(s.prompts) },
    { label: 'Resources', cell: s => exposureText(s.resources) },
  ];
  if (manage) {
    columns.push({ label: 'Actions', className: 'actions-cell', cell: s => h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button small', 'aria-label': `Edit how ${s.name} is published`,
        onclick: () => publish(gateway, s, ctx) }, 'Edit'),
      h('button', { type: 'button', class: 'button small danger', 'aria-label': `Withdraw ${s.name}`,
        onclick: () => withdraw(gateway, s, ctx) }, 'Withdraw')) });
  }
  panel.append(h('div', { class: 'card' }, table(columns, gateway.servers, { caption: `Servers of ${gateway.name}` })),
    h('p', { class: 'muted small' }, 'Allow-lists name the upstream\'s own tool and prompt names, or resource URIs. '
      + 'Edit a server to see its current tools, asked live, and pick the ones to publish.'));
}

function namingTab(panel, gateway, ctx) {
  const mode = h('select', { name: 'prefixMode' }, Object.entries(MODES).map(([value, text]) =>
    h('option', { value, selected: gateway.prefixMode === value }, `${value}: ${text}`)));
  const separator = h('input', { name: 'separator', value: gateway.separator || '__', maxlength: '4' });
  const problem = h('div');
  const form = h('form', { class: 'form-grid', 'aria-label': 'Naming' },
    field('Prefix mode', mode), field('Separator', separator, '1 to 4 letters, digits, _ - or .'),
    h('div', {}, h('button', { type: 'submit', class: 'button primary' }, 'Save naming')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api('PUT', `/gateways/${encodeURIComponent(gateway.slug)}/naming`, { prefixMode: mode.value, separator: separator.value });
      toast('Naming saved.');
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
    }
  });
  panel.append(h('div', { class: 'card' }, h('div', { class: 'card-body' },
    h('p', { class: 'muted' }, 'How published names are built: prefix, separator, then the upstream\'s own name. '
      + 'Without prefixes, names must be unique across the gateway\'s servers.'), problem, form)));
}

/** Publishes a server (server null: pick one) or edits how it is published: prefix and allow-lists. */
async function publish(gateway, current, ctx) {
  const servers = current ? [] : (await api('GET', '/servers')).filter(s => !gateway.servers.some(g => g.id === s.id));
  const server = current ? null : h('select', { name: 'server', required: true },
    servers.map(s => h('option', { value: s.slug }, `${s.name} (${s.slug})`)));
  const prefix = h('input', { name: 'toolPrefix', value: current ? current.toolPrefix || '' : '', maxlength: '32',
    placeholder: 'defaults to the server slug', autocomplete: 'off' });
  const kinds = ['tools', 'prompts', 'resources'].map(kind => exposureFields(kind, current ? current[kind] : null));
  const preview = toolPreview(kinds[0]);
  const previewServer = () => (current ? current.slug : server && server.value);
  if (server) server.addEventListener('change', () => preview.load(previewServer()));
  if (previewServer()) preview.load(previewServer());
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'publish-form' }, problem,
    server ? field('Server', server) : h('p', {}, `Server: ${current.name} (${current.slug})`),
    field('Prefix', prefix, '1 to 32 letters, digits, _ or -.'),
    kinds.map(k => k.element));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'publish-form',
    disabled: !current && servers.length === 0 }, current ? 'Save' : 'Publish');
  const dialog = openDialog({ title: current ? `Publish ${current.name}` : `Publish a server on ${gateway.name}`,
    body: !current && servers.length === 0 ? [h('p', {}, 'Every registered server is already published here.'), form] : form,
    actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { toolPrefix: prefix.value.trim() || undefined };
    kinds.forEach(k => { body[k.kind] = k.read(); });
    const slug = current ? current.slug : server.value;
    try {
      await api('PUT', `/gateways/${encodeURIComponent(gateway.slug)}/servers/${encodeURIComponent(slug)}`, body);
      dialog.close();
      toast(current ? 'Saved.' : 'Server published.');
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
    }
  });
}

function exposureFields(kind, exposure) {
  const mode = h('select', { name: `${kind}-mode` }, [['all', 'All'], ['selected', 'Only those listed'], ['none', 'None']]
    .map(([value, text]) => h('option', { value, selected: (exposure ? exposure.mode : 'all') === value }, text)));
  const allow = h('textarea', { name: `${kind}-allow`, placeholder: kind === 'resources' ? 'one URI or URI template per line' : 'one name per line' });
  allow.value = exposure && exposure.allow ? exposure.allow.join('\n') : '';
  const allowField = field(`Allowed ${kind}`, allow);
  const listeners = [];
  const sync = () => { allowField.hidden = mode.value !== 'selected'; listeners.forEach(f => f()); };
  mode.addEventListener('change', sync);
  allow.addEventListener('input', () => listeners.forEach(f => f()));
  sync();
  const label = kind[0].toUpperCase() + kind.slice(1);
  const slot = h('div');
  const names = () => allow.value.split('\n').map(v => v.trim()).filter(Boolean);
  return {
    kind,
    mode,
    allow,
    slot,
    names,
    onChange: f => listeners.push(f),
    element: h('fieldset', {}, h('legend', {}, label), field(`${label} published`, mode), slot, allowField),
    read: () => ({ mode: mode.value, allow: names() }),
  };
}

/**
 * The server's current tools, asked live (GET /servers/{slug}/tools), as checkboxes kept in step with
 * the tools allow-list: ticked when allowed; editable when the mode is "Only those listed". Names on the
 * allow-list the server does not offer now stay on the list and are named below it.
 */
function toolPreview(tools) {
  let offered = [];
  let request = 0;
  const box = h('div', { class: 'tool-preview', 'aria-live': 'polite' });
  tools.slot.append(box);
  const render = () => {
    if (!offered.length) return;
    const allowed = new Set(tools.names());
    const mode = tools.mode.value;
    const items = offered.map(tool => {
      const check = h('input', { type: 'checkbox', name: 'tool-preview', value: tool.name,
        checked: mode === 'all' || (mode === 'selected' && allowed.has(tool.name)), disabled: mode !== 'selected' });
      check.addEventListener('change', () => {
        const picked = new Set([...box.querySelectorAll('input[name="tool-preview"]:checked')].map(c => c.value));
        const known = new Set(offered.map(t => t.name));
        const kept = tools.names().filter(n => !known.has(n)); // names the server does not offer now
        tools.allow.value = [...kept, ...offered.map(t => t.name).filter(n => picked.has(n))].join('\n');
        render();
      });
      return h('li', {}, h('label', { title: tool.description || '' }, check, h('code', {}, tool.name),
        tool.description ? h('span', { class: 'muted small' }, ` ${tool.description}`) : null));
    });
    const known = new Set(offered.map(t => t.name));
    const missing = mode === 'selected' ? tools.names().filter(n => !known.has(n)) : [];
    const count = mode === 'all' ? offered.length : mode === 'none' ? 0 : offered.filter(t => allowed.has(t.name)).length;
    fill(box, h('p', { class: 'small' }, `The server offers ${offered.length} tools now; ${count} published.`),
      h('ul', { class: 'checklist', 'aria-label': 'The server\'s current tools' }, items),
      missing.length ? h('p', { class: 'muted small' }, `Allowed but not offered by the server now: ${missing.join(', ')}`) : null);
  };
  tools.onChange(render);
  return {
    async load(slug) {
      const mine = ++request;
      offered = [];
      fill(box, h('p', { class: 'muted small' }, 'Asking the server for its current tools…'));
      try {
        const reply = await api('GET', `/servers/${encodeURIComponent(slug)}/tools`);
        if (mine !== request) return;
        offered = reply.tools;
        if (!offered.length) fill(box, h('p', { class: 'muted small' }, 'The server offers no tools now.'));
        render();
      } catch (error) {
        if (mine !== request) return;
        fill(box, h('p', { class: 'muted small' }, `No live preview: ${describe(error)}`));
      }
    },
  };
}

async function withdraw(gateway, server, ctx) {
  const yes = await confirmAction({ title: `Withdraw ${server.name}?`, confirmLabel: 'Withdraw',
    text: `Its tools, prompts and resources disappear from ${gateway.name} at once; agents calling them get an error.` });
  if (!yes) return;
  try {
    await api('DELETE', `/gateways/${encodeURIComponent(gateway.slug)}/servers/${encodeURIComponent(server.slug)}`);
    toast(`${server.name} withdrawn.`);
    ctx.refresh();
  } catch (error) {
    toast(describe(error), 'error');
  }
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
