// Break-glass: stop a host at once (reversible), or revoke every token a user generated (not reversible).
import { api, apiPage } from '../api.js';
import {
  badge, confirmAction, describe, emptyState, errorNotice, field, fill, h, pageHead, time, toast,
} from '../dom.js';
import { listTable, serverListTable } from '../list.js';

export async function page(root, ctx) {
  const [any, issuers] = await Promise.all([apiPage('/hosts?limit=1'), api('GET', '/break-glass/token-issuers')]);
  // hosts may be thousands: searched, sorted and paged by the server; the token issuers are a short list
  const hosts = any.total === 0 ? null : serverListTable([
    { label: 'Host', className: 'primary-cell', sortKey: 'name', cell: host => h('a', { href: `#/hosts/${host.id}` }, host.name) },
    { label: 'Status', cell: host => (host.disabled ? badge('Disabled', 'off') : badge('Active', 'ok')) },
    { label: 'Connections', cell: host => String(host.connections) },
    { label: 'Last used', cell: host => time(host.lastUsedAt, 'never') },
    { label: 'Action', className: 'actions-cell', cell: host => switchButton(host, ctx) },
  ], { path: '/hosts', caption: 'Hosts' });
  fill(root, pageHead({
    title: 'Break-glass',
    text: 'For incidents: cut an agent off, or everything a person issued, at once and on every node. Every action here is audited.',
  }));

  root.append(h('section', { class: 'section', 'aria-labelledby': 'bg-hosts' },
    h('div', { class: 'section-head' }, h('h2', { id: 'bg-hosts' }, 'Disable a host')),
    h('p', { class: 'muted' }, 'All connections of a disabled host stop at once. Reversible: enable it again and its valid tokens work as before.'),
    hosts ? h('div', { class: 'card' }, hosts.element) : h('div', { class: 'card' }, emptyState('No hosts', 'There is nothing to disable.'))));

  const user = h('input', { name: 'user', required: true, autocomplete: 'off', maxlength: '200' });
  const problem = h('div');
  const form = h('form', { class: 'form-grid', 'aria-label': 'Revoke the tokens of a user' },
    field('User name', user, 'Exactly as the user signs in.'),
    h('div', {}, h('button', { type: 'submit', class: 'button danger solid' }, 'Revoke their tokens')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    revoke(user.value.trim(), ctx, problem);
  });
  root.append(h('section', { class: 'section', 'aria-labelledby': 'bg-users' },
    h('div', { class: 'section-head' }, h('h2', { id: 'bg-users' }, 'Revoke every token a user generated')),
    h('p', { class: 'muted' }, 'For a departed employee or a compromised admin account: every token they generated that still works is revoked, '
      + 'on every host, including tokens in a rotation grace period. Not reversible: issue new tokens by rotating the connections.'),
    issuers.length === 0 ? h('div', { class: 'card' }, emptyState('No live tokens', 'No user has generated a token that still works.'))
      : h('div', { class: 'card' }, listTable([
        { label: 'User', sort: i => i.user, cell: i => i.user },
        { label: 'Tokens that work', sort: i => i.activeTokens, cell: i => String(i.activeTokens) },
        { label: 'Action', className: 'actions-cell', cell: i => h('button', { type: 'button', class: 'button small danger',
          'aria-label': `Revoke all tokens ${i.user} generated`, onclick: () => revoke(i.user, ctx, problem) }, 'Revoke all') },
      ], issuers, { caption: 'Users with tokens that work', searchText: i => i.user })),
    h('div', { class: 'card' }, h('div', { class: 'card-body' }, problem, form))));
  if (hosts) await hosts.ready;
}

function switchButton(host, ctx) {
  return host.disabled
    ? h('button', { type: 'button', class: 'button small', 'aria-label': `Enable ${host.name}`,
      onclick: () => switchHost(host, false, ctx) }, 'Enable')
    : h('button', { type: 'button', class: 'button small danger', 'aria-label': `Disable ${host.name}`,
      onclick: () => switchHost(host, true, ctx) }, 'Disable');
}

async function switchHost(host, disable, ctx) {
  if (disable && !await confirmAction({ title: `Disable ${host.name}?`, confirmLabel: 'Disable host',
    text: 'Every token of every connection of this host is refused from now on, until you enable it again.' })) {
    return;
  }
  try {
    await api('POST', `/hosts/${encodeURIComponent(host.id)}/${disable ? 'disable' : 'enable'}`);
    toast(disable ? `${host.name} is disabled.` : `${host.name} is enabled again.`);
    ctx.refresh();
  } catch (error) {
    toast(describe(error), 'error');
  }
}

async function revoke(user, ctx, problem) {
  if (!user) return;
  const yes = await confirmAction({
    title: `Revoke every token ${user} generated?`,
    text: 'Agents using them are refused from their next request. This cannot be undone.',
    confirmLabel: 'Revoke tokens',
  });
  if (!yes) return;
  try {
    const done = await api('POST', '/break-glass/revoke-user-tokens', { user });
    toast(`${done.revoked} token${done.revoked === 1 ? '' : 's'} of ${done.user} revoked.`);
    ctx.refresh();
  } catch (error) {
    fill(problem, errorNotice(error));
  }
}
