// "Add a connection", in its own tab (#/connect/{hostId}): pick the gateway, then one step per per-user server of
// that gateway the user has no usable identity for (each a sign-in through the server's own authorization server,
// which brings the tab back here, or a pasted personal secret), then the token, shown once with the snippets. The
// gateway and expiry live in the URL, so the tab finds its place again after each sign-in. The host's page, in the
// tab that opened this one, is told of the new connection (BroadcastChannel) and shows it; this tab can be closed.
import { api, query } from '../api.js';
import { badge, errorNotice, field, fill, h, pageHead } from '../dom.js';
import { addSecret, startSignIn } from './identities.js';
import { CONNECTIONS_CHANNEL, showToken } from './host.js';

const EXPIRY = [['', 'Never'], ['30', 'In 30 days'], ['90', 'In 90 days'], ['365', 'In a year']];

export async function page(root, ctx) {
  const host = await api('GET', `/hosts/${encodeURIComponent(ctx.params.id)}`);
  const head = pageHead({
    crumbs: [h('a', { href: '#/hosts' }, 'Apps & Agents'), ' / ', h('a', { href: `#/hosts/${host.id}` }, host.name), ' / '],
    title: `Connect ${host.name}`,
    text: 'Pick the gateway, sign in to each of its servers that act as you, then copy the token. It is shown once.',
  });
  const gateway = ctx.query.gateway;
  if (!gateway) {
    fill(root, head, await gatewayStep(host, ctx));
    return;
  }
  const steps = await api('GET', `/gateways/${encodeURIComponent(gateway)}/sign-ins`);
  const needed = steps.filter(s => s.signInNeeded);
  const problem = h('div');
  const issue = h('button', { type: 'button', class: 'button primary', id: 'issue-token', disabled: needed.length > 0 || null,
    onclick: () => issueToken(host, gateway, ctx.query.expiry, problem, issue, ctx) }, 'Issue the token');
  fill(root, head, h('div', { class: 'card' }, h('div', { class: 'card-body stack' },
    h('ol', { class: 'stack', id: 'connect-steps' },
      h('li', {}, h('strong', {}, 'Gateway: '), h('code', {}, gateway), ' ', badge('Chosen', 'ok'), ' ',
        h('a', { href: `#/connect/${host.id}` }, 'Change')),
      steps.map(step => signInStep(step, host, gateway, ctx)),
      h('li', {}, h('strong', {}, 'Token'), h('p', { class: 'muted' }, needed.length
        ? `Sign in to ${needed.length === 1 ? 'the server' : `the ${needed.length} servers`} above first: the token is issued once every server that acts as you has your identity.`
        : 'Every server of the gateway can act as you: issue the token.'), problem, issue)))));
  if (needed.length === 0) issue.focus();
}

async function gatewayStep(host, ctx) {
  const gateways = await api('GET', '/gateways');
  const gateway = h('select', { name: 'gateway', required: true },
    gateways.map(g => h('option', { value: g.slug }, `${g.name} (${g.slug})`)));
  const expiry = h('select', { name: 'expiry' }, EXPIRY.map(([value, text]) => h('option', { value }, text)));
  const form = h('form', { class: 'card-body stack', id: 'connect-gateway-form' },
    gateways.length === 0 ? h('div', { class: 'notice warning' }, h('p', {}, 'There is no gateway yet: create one under Gateways first.')) : null,
    field('Gateway', gateway, 'The set of MCP servers this host may reach.'),
    field('Token expires', expiry, 'An expired token is refused; rotate it to issue a new one.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', disabled: gateways.length === 0 || null }, 'Continue')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    ctx.go(`#/connect/${host.id}${query({ gateway: gateway.value, expiry: expiry.value })}`);
  });
  setTimeout(() => gateway.focus());
  return h('div', { class: 'card' }, form);
}

/** One per-user server of the gateway: done when the user's identity there is active, else its sign-in. */
function signInStep(step, host, gateway, ctx) {
  const name = step.serverName || step.server;
  if (!step.signInNeeded) {
    return h('li', { dataset: { server: step.server } }, h('strong', {}, `${name}: `), badge('Signed in', 'ok'),
      h('span', { class: 'muted small' }, ` acts as you (${step.identity.kind === 'oauth' ? 'OAuth sign-in' : 'personal secret'})`));
  }
  const why = step.identity ? (step.identity.status === 'disabled' ? 'your identity is disabled' : 'your identity needs re-authorization')
    : 'acts as you: it needs your own identity';
  const back = `#/connect/${host.id}${query({ gateway, expiry: ctx.query.expiry })}`;
  return h('li', { dataset: { server: step.server } }, h('strong', {}, `${name}: `), badge('To do', 'info'),
    h('span', { class: 'muted small' }, ` ${why}`),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button primary', onclick: () => startSignIn(step.server, false, false, back) }, `Sign in to ${name}`),
      h('button', { type: 'button', class: 'button', onclick: () => addSecret([{ slug: step.server, name }], false, ctx) },
        `Paste a personal secret for ${name}`)));
}

async function issueToken(host, gateway, expiryDays, problem, button, ctx) {
  button.disabled = true;
  const body = { gateway };
  const days = Number(expiryDays);
  if (days) body.expiresAt = new Date(Date.now() + days * 86400000).toISOString();
  try {
    const issued = await api('POST', `/hosts/${encodeURIComponent(host.id)}/connections`, body);
    if ('BroadcastChannel' in window) {
      const channel = new BroadcastChannel(CONNECTIONS_CHANNEL);
      channel.postMessage({ type: 'connection-created', hostId: host.id });
      channel.close();
    }
    // a reload of this tab from now on shows the host, never the steps again (which would issue a second token)
    history.replaceState(null, '', `#/hosts/${encodeURIComponent(host.id)}`);
    showToken({ title: 'Connection created', issued, note: null, ctx: { refresh: () => done(host, issued, ctx) } });
  } catch (error) {
    fill(problem, errorNotice(error));
    button.disabled = false;
  }
}

/** After the token dialog: the tab says what was made and that it may be closed; the token is gone. */
function done(host, issued, ctx) {
  const root = document.querySelector('#main .page');
  if (!root || !ctx.isCurrent()) return;
  fill(root, pageHead({ title: `${host.name} is connected to ${issued.gateway}`,
    text: 'The token was shown once and Gatehouse keeps only its hash. You can close this tab: the host\'s page shows the new connection.' }),
  h('p', {}, h('a', { class: 'button', href: `#/hosts/${host.id}` }, `Back to ${host.name}`)));
  root.querySelector('h1').focus();
}
