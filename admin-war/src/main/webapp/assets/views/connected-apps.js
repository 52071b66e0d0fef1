// Connected apps: the consent grants of interactive (OAuth) clients such as Claude Code, Cursor or VS Code.
// Everyone sees the apps they connected themselves; holders of hosts:manage see everyone's. Revoking stops
// the app at its next request, and the app has to ask in the browser again.
import { api } from '../api.js';
import { badge, confirmAction, emptyState, fill, h, pageHead, table, time, toast } from '../dom.js';

export async function page(root, ctx) {
  const everyone = ctx.can('hosts:manage');
  const grants = await api('GET', '/oauth/grants');
  const list = grants.length === 0
    ? h('div', { class: 'card' }, emptyState('No connected apps',
      'When you connect an MCP client such as Claude Code, Cursor or VS Code to a gateway and approve it in the browser, it appears here.'))
    : h('div', { class: 'card' }, table([
      { label: 'App', className: 'primary-cell', cell: g => [h('a', { href: `#/hosts/${encodeURIComponent(g.hostId)}` }, g.hostName),
        h('span', { class: 'muted small' }, g.clientId)] },
      ...(everyone ? [{ label: 'User', cell: g => g.user }] : []),
      { label: 'Gateway', cell: g => h('code', {}, g.gateway) },
      { label: 'Approved', cell: g => time(g.createdAt) },
      { label: 'Status', cell: g => (g.active ? badge('active', 'ok') : [badge('revoked', 'off'),
        h('div', { class: 'muted small' }, `by ${g.revokedBy || '—'} `, time(g.revokedAt))]) },
      { label: 'Revoke', className: 'actions-cell', cell: g => (g.active
        ? h('button', { type: 'button', class: 'button small danger', 'aria-label': `Revoke ${g.hostName} on ${g.gateway} for ${g.user}`,
          onclick: () => revoke(g, ctx) }, 'Revoke')
        : '') },
    ], grants, { caption: 'Connected apps' }));
  fill(root, pageHead({
    title: 'Connected apps',
    text: everyone
      ? 'Interactive clients that users connected to gateways through the browser. Each runs as an interactive host, '
        + 'governed and logged like any other. Revoking stops the app at its next request.'
      : 'The interactive clients you connected to gateways through the browser. Revoking stops the app at its next request.',
  }), list);
}

async function revoke(grant, ctx) {
  const ok = await confirmAction({
    title: 'Revoke connected app',
    text: `${grant.hostName} will lose access to gateway ${grant.gateway} for ${grant.user} at its next request, `
      + 'and will have to ask in the browser again.',
    confirmLabel: 'Revoke access',
  });
  if (!ok) return;
  await api('POST', `/oauth/grants/${encodeURIComponent(grant.id)}/revoke`);
  toast(`${grant.hostName} revoked.`);
  ctx.refresh();
}
