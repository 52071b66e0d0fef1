// A host's page: its details and switch, its connections (each with its token's lifecycle) and its logs.
import { api } from '../api.js';
import {
  badge, clear, codeBlock, confirmAction, copyButton, describe, errorNotice, field, fill, h, openDialog, pageHead, sectionEmptyState, table, tabs, time, toast,
} from '../dom.js';
import { embed as embedLogs } from './logs.js';
import { listTable } from '../list.js';
import { snippets } from './snippets.js';

const STATUS = {
  active: ['Active', 'ok'],
  disabled: ['Disabled', 'off'],
  host_disabled: ['Host disabled', 'off'],
  revoked: ['Token revoked', 'bad'],
  expired: ['Token expired', 'bad'],
};

export async function page(root, ctx) {
  const id = ctx.params.id;
  const host = await api('GET', `/hosts/${encodeURIComponent(id)}`);
  shownHost = { id: host.id, ctx };
  const actions = [];
  if (ctx.can('hosts:manage')) {
    actions.push(host.disabled
      ? h('button', { type: 'button', class: 'button', onclick: () => switchHost(host, false, ctx) }, 'Enable host')
      : h('button', { type: 'button', class: 'button danger', onclick: () => switchHost(host, true, ctx) }, 'Disable host'));
    actions.push(h('button', { type: 'button', class: 'button danger', onclick: () => deleteHost(host, ctx) }, 'Delete host'));
  }
  fill(root, 
    pageHead({
      crumbs: [h('a', { href: '#/hosts' }, 'Apps & Agents'), ' / '],
      title: host.name,
      text: host.description,
      actions,
    }),
    host.disabled ? h('div', { class: 'notice warning', role: 'status' },
      h('p', {}, 'This host is disabled: every token of every connection below is refused until it is enabled again.')) : null,
    h('div', { class: 'card' }, h('div', { class: 'card-body' }, h('dl', { class: 'kv' },
      h('dt', {}, 'Kind'), h('dd', {}, host.kind === 'TOKEN' ? 'Token-based (API access tokens)' : 'Interactive'),
      h('dt', {}, 'Status'), h('dd', {}, host.disabled ? badge('Disabled', 'off') : badge('Active', 'ok')),
      h('dt', {}, 'Connections'), h('dd', {}, String(host.connections)),
      h('dt', {}, 'Last used'), h('dd', {}, time(host.lastUsedAt, 'never')),
      h('dt', {}, 'Created'), h('dd', {}, time(host.createdAt), host.createdBy ? ` by ${host.createdBy}` : ''),
      h('dt', {}, 'Host id'), h('dd', { class: 'mono' }, host.id)))));

  const items = [{ id: 'connections', label: 'Connections', render: panel => connectionsTab(panel, host, ctx) }];
  if (ctx.can('logs:read')) {
    items.push({ id: 'logs', label: 'Logs', render: panel => embedLogs(panel, ctx, { host: host.id }, `host ${host.name}`) });
  }
  const selected = items.some(i => i.id === ctx.params.tab) ? ctx.params.tab : 'connections';
  root.append(h('div', { class: 'section' }, tabs(items, selected, tab => {
    history.replaceState(null, '', `#/hosts/${host.id}${tab === 'connections' ? '' : `/${tab}`}`);
  })));
  await root.querySelector('[role="tabpanel"]').loaded;
}

function connectionsTab(panel, host, ctx) {
  const body = h('div', {}, h('p', { class: 'loading' }, 'Loading connections…'));
  const add = ctx.can('tokens:issue') && host.kind === 'TOKEN'
    ? addConnectionLink(host)
    : null;
  panel.append(h('div', { class: 'section-head' }, h('h2', {}, 'Connections'), add), body);
  panel.loaded = loadConnections(body, host, ctx, add);
}

async function loadConnections(body, host, ctx, add) {
  try {
    const connections = await api('GET', `/hosts/${encodeURIComponent(host.id)}/connections`);
    clear(body);
    if (connections.length === 0) {
      body.append(h('div', { class: 'card' }, sectionEmptyState('No connections yet',
        'A connection pairs this host with a gateway and issues its API access token.',
        add ? addConnectionLink(host) : null)));
      return;
    }
    body.append(h('div', { class: 'card' }, listTable([
      { label: 'Gateway', className: 'primary-cell', sort: c => c.gateway, cell: c => h('a', { href: `#/gateways/${c.gateway}`, title: c.gatewayUrl }, c.gateway) },
      { label: 'Token', cell: c => h('code', { class: 'nowrap' }, c.tokenPrefix ? `${c.tokenPrefix}…` : '—') },
      { label: 'Status', sort: c => c.status, cell: c => statusCell(c) },
      { label: 'Created', sort: c => c.createdAt, cell: c => [time(c.createdAt), c.createdBy ? h('span', { class: 'muted small' }, ` by ${c.createdBy}`) : null] },
      { label: 'Last used', sort: c => c.lastUsedAt, cell: c => time(c.lastUsedAt, 'never') },
      { label: 'Expires', sort: c => c.expiresAt, cell: c => time(c.expiresAt, 'never') },
      { label: 'Actions', className: 'actions-cell', cell: c => connectionActions(c, host, ctx) },
    ], connections, { caption: `Connections of ${host.name}`,
      searchText: c => [c.gateway, c.tokenPrefix, c.status, c.createdBy].join(' ') })));
  } catch (error) {
    fill(body, errorNotice(error));
  }
}

function statusCell(c) {
  const [text, kind] = STATUS[c.status] || [c.status, ''];
  return [badge(text, kind), c.previousTokenValidUntil
    ? h('div', { class: 'muted small' }, 'previous token ends ', time(c.previousTokenValidUntil)) : null];
}

function connectionActions(c, host, ctx) {
  const label = `${c.gateway} connection`;
  const buttons = [];
  if (ctx.can('connections:disable')) {
    buttons.push(c.disabled
      ? h('button', { type: 'button', class: 'button small', 'aria-label': `Enable ${label}`,
        onclick: () => switchConnection(c, false, ctx) }, 'Enable')
      : h('button', { type: 'button', class: 'button small', 'aria-label': `Disable ${label}`,
        onclick: () => switchConnection(c, true, ctx) }, 'Disable'));
  }
  // an interactive client's connection runs on its user's OAuth consent: it has no API token to rotate
  if (ctx.can('tokens:issue') && host.kind === 'TOKEN') {
    buttons.push(h('button', { type: 'button', class: 'button small', 'aria-label': `Rotate the token of ${label}`,
      onclick: () => rotate(c, host, ctx) }, 'Rotate'));
  }
  if (ctx.can('logs:read')) {
    buttons.push(h('a', { class: 'button small ghost', href: `#/logs?connection=${encodeURIComponent(c.id)}`,
      'aria-label': `Logs of ${label}` }, 'Logs'));
  }
  if (ctx.can('tokens:issue')) {
    buttons.push(h('button', { type: 'button', class: 'button small danger', 'aria-label': `Delete ${label}`,
      onclick: () => deleteConnection(c, ctx) }, 'Delete'));
  }
  return h('div', { class: 'actions' }, buttons);
}

async function switchConnection(c, disable, ctx) {
  try {
    await api('POST', `/connections/${encodeURIComponent(c.id)}/${disable ? 'disable' : 'enable'}`);
    toast(disable ? `Disabled: the ${c.gateway} token is refused until you enable the connection again.`
      : `Enabled: the ${c.gateway} token works again.`);
    ctx.refresh();
  } catch (error) {
    toast(describe(error), 'error');
  }
}

async function deleteConnection(c, ctx) {
  const yes = await confirmAction({
    title: 'Delete this connection?',
    text: `Its token (${c.tokenPrefix}…) stops working at once, on every node. This cannot be undone; `
      + 'a new connection gets a new token.',
    confirmLabel: 'Delete connection',
  });
  if (!yes) return;
  try {
    await api('DELETE', `/connections/${encodeURIComponent(c.id)}`);
    toast('Connection deleted; its token is revoked.');
    ctx.refresh();
  } catch (error) {
    toast(describe(error), 'error');
  }
}

async function switchHost(host, disable, ctx) {
  if (disable) {
    const yes = await confirmAction({
      title: `Disable ${host.name}?`,
      text: 'Every connection of this host stops at once: all its tokens are refused until you enable the host again.',
      confirmLabel: 'Disable host',
    });
    if (!yes) return;
  }
  try {
    await api('POST', `/hosts/${encodeURIComponent(host.id)}/${disable ? 'disable' : 'enable'}`);
    toast(disable ? `${host.name} is disabled.` : `${host.name} is enabled again.`);
    ctx.refresh();
  } catch (error) {
    toast(describe(error), 'error');
  }
}

async function deleteHost(host, ctx) {
  const yes = await confirmAction({
    title: `Delete ${host.name}?`,
    text: 'The host and all its connections are deleted and every token is revoked at once. Its logs stay.',
    confirmLabel: 'Delete host',
  });
  if (!yes) return;
  try {
    await api('DELETE', `/hosts/${encodeURIComponent(host.id)}`);
    toast(`${host.name} deleted.`);
    ctx.go('#/hosts');
  } catch (error) {
    toast(describe(error), 'error');
  }
}

/**
 * "Add a connection" opens its own tab (#/connect/{id}, connect.js): the gateway, a sign-in per per-user server
 * that needs the user's identity, then the token. That tab tells this page of the new connection on this channel.
 */
export const CONNECTIONS_CHANNEL = 'gatehouse-connections';
let shownHost = null;
if ('BroadcastChannel' in window) {
  new BroadcastChannel(CONNECTIONS_CHANNEL).addEventListener('message', event => {
    if (shownHost && event.data && event.data.hostId === shownHost.id && shownHost.ctx.isCurrent()) shownHost.ctx.refresh();
  });
}

function addConnectionLink(host) {
  return h('a', { class: 'button primary', href: `#/connect/${encodeURIComponent(host.id)}`, target: '_blank',
    title: 'Opens in a new tab' }, 'Add a connection');
}

const GRACE = [['0', 'None: the current token stops at once'], ['300', '5 minutes'], ['3600', '1 hour'],
  ['86400', '24 hours'], ['604800', '7 days']];

async function rotate(c, host, ctx) {
  const grace = h('select', { name: 'gracePeriodSeconds' }, GRACE.map(([value, text]) => h('option', { value }, text)));
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'rotate-form' }, problem,
    h('p', {}, `A new token replaces ${c.tokenPrefix}… for the ${c.gateway} gateway. Keep the current one working for a `
      + 'while if the agent needs time to switch over.'),
    field('Grace period for the current token', grace));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const submit = h('button', { type: 'submit', class: 'button primary', form: 'rotate-form' }, 'Rotate token');
  const dialog = openDialog({ title: 'Rotate token', body: form, actions: [cancel, submit] });
  cancel.addEventListener('click', () => dialog.close());
  grace.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const rotated = await api('POST', `/connections/${encodeURIComponent(c.id)}/rotate`,
        { gracePeriodSeconds: Number(grace.value) });
      dialog.close();
      const note = rotated.previousTokenPrefix && rotated.previousTokenValidUntil
        && new Date(rotated.previousTokenValidUntil) > new Date()
        ? [`The previous token ${rotated.previousTokenPrefix}… stays valid `, time(rotated.previousTokenValidUntil), '.']
        : ['The previous token no longer works.'];
      showToken({ title: 'Token rotated', issued: rotated, note, ctx });
    } catch (error) {
      fill(problem, errorNotice(error));
      submit.disabled = false;
    }
  });
}

/** The one time a token is shown: copy it, or take a ready-to-paste client configuration. */
export function showToken({ title, issued, note, ctx }) {
  const token = h('input', { readonly: true, value: issued.token, id: 'issued-token', 'aria-label': 'API access token',
    spellcheck: 'false' });
  const list = snippets({ url: issued.gatewayUrl, token: issued.token, gateway: issued.gateway });
  const body = h('div', { class: 'stack' },
    h('div', { class: 'notice warning', role: 'status' }, h('p', {},
      h('strong', {}, 'Copy this token now. '), 'It is shown only once; Gatehouse keeps only its hash.')),
    note ? h('p', {}, note) : null,
    h('div', { class: 'field' }, h('label', { for: 'issued-token' }, 'API access token'),
      h('div', { class: 'secret' }, token, copyButton(() => issued.token, 'Copy token', { id: 'copy-token' }))),
    h('div', { class: 'field' }, h('span', { class: 'label' }, 'MCP URL'),
      h('div', { class: 'secret' }, h('input', { readonly: true, value: issued.gatewayUrl, 'aria-label': 'MCP URL' }),
        copyButton(issued.gatewayUrl, 'Copy URL'))),
    h('h3', {}, 'Use it'),
    tabs(list.map(s => ({
      id: `snippet-${s.id}`, label: s.label,
      render: panel => panel.append(h('p', { class: 'muted small' }, s.note), codeBlock(s.text, `${s.label} snippet`)),
    })), 'snippet-curl'));
  const done = h('button', { type: 'button', class: 'button primary' }, 'Done');
  const dialog = openDialog({ title, body, actions: [done], onClose: () => ctx.refresh() });
  dialog.id = 'token-dialog';
  done.addEventListener('click', () => dialog.close());
  token.focus();
  token.select();
}
