// Identities: the upstream identities Gatehouse holds for the signed-in user (a personal secret pasted here, or an
// OAuth grant made by signing in to the server through Gatehouse), and with identities:manage everyone's and the
// servers' shared ones. Add, re-authorize, disable, enable and delete; never a secret shown (the API has none).
import { api } from '../api.js';
import {
  badge, confirmAction, describe, emptyState, errorNotice, field, fill, formatTime, h, openDialog, pageHead, table, time, toast,
} from '../dom.js';

export async function page(root, ctx) {
  const manager = ctx.can('identities:manage');
  const everyone = manager && ctx.query.whose === 'all';
  const [all, servers] = await Promise.all([api('GET', '/identities'), api('GET', '/servers')]);
  const shown = everyone ? all : all.filter(i => i.owner === ctx.me.user);
  const add = h('button', { type: 'button', class: 'button', onclick: () => addSecret(servers, manager, ctx) }, 'Add a personal secret');
  const signIn = h('button', { type: 'button', class: 'button primary', onclick: () => chooseSignIn(servers, manager) }, 'Sign in to a server');
  fill(root, pageHead({
    title: 'Identities',
    text: 'The credentials Gatehouse presents to upstream servers on your behalf. A server assigned per-user on a gateway is '
      + 'called with your own identity: sign in to it (OAuth) or paste a personal access token. Your Gatehouse token never '
      + 'goes upstream, and no secret is ever shown again.',
    actions: [add, signIn],
  }), manager ? h('nav', { class: 'view-switch', 'aria-label': 'Whose identities' },
    h('a', { href: '#/identities', 'aria-current': everyone ? null : 'page' }, 'Mine'),
    h('a', { href: '#/identities?whose=all', 'aria-current': everyone ? 'page' : null }, 'Everyone\'s')) : null);
  if (ctx.query.signedIn) {
    root.append(h('div', { class: 'notice success', role: 'status', id: 'signed-in' },
      h('p', {}, `Signed in to ${ctx.query.signedIn}: Gatehouse now holds that identity.`)));
  }
  if (shown.length === 0) {
    root.append(h('div', { class: 'card', id: 'identities' }, emptyState(everyone ? 'No identities yet' : 'You have no identities yet',
      'Sign in to a server, or add a personal secret, for each server a gateway calls with your own identity.')));
    return;
  }
  root.append(h('div', { class: 'card', id: 'identities' }, table([
    { label: 'Server', className: 'primary-cell', cell: i => h('code', {}, i.server) },
    everyone ? { label: 'Whose', cell: i => (i.shared ? h('span', {}, 'shared (service account)') : i.owner) } : null,
    { label: 'Kind', cell: i => (i.kind === 'oauth' ? 'OAuth sign-in' : 'Personal secret') },
    { label: 'Status', cell: status },
    { label: 'Acts as', cell: actsAs },
    { label: 'Access expires', cell: i => (i.kind === 'oauth' ? time(i.expiresAt, 'no expiry') : h('span', { class: 'muted' }, '—')) },
    { label: 'Updated', cell: i => time(i.updatedAt) },
    { label: 'Actions', className: 'actions-cell', cell: i => actions(i, manager, servers, ctx) },
  ].filter(Boolean), shown, { caption: everyone ? 'Everyone\'s identities' : 'Your identities' })));
}

function status(i) {
  if (i.status === 'disabled') return badge('Disabled', 'off');
  if (i.status === 'needs-reauthorization') {
    return [badge('Needs re-authorization', 'bad'),
      i.wantedScope ? h('span', { class: 'muted small' }, ` the server asks for scope ${i.wantedScope}`) : null];
  }
  return badge('Active', 'ok');
}

function actsAs(i) {
  const parts = [];
  if (i.subject) parts.push(h('span', {}, i.subject));
  else if (i.kind === 'oauth' && i.clientId) parts.push(h('span', {}, `client ${i.clientId}`));
  else if (i.kind === 'secret') parts.push(h('span', {}, `${i.headerName} header`));
  if (i.scope) parts.push(h('span', { class: 'muted small' }, ` scope ${i.scope}`));
  return parts.length ? parts : h('span', { class: 'muted' }, '—');
}

/** What the caller may do with this identity: re-authorize only their own or (as a manager) a shared one. */
function actions(i, manager, servers, ctx) {
  const label = i.shared ? `the shared identity of ${i.server}` : `${i.owner}'s identity for ${i.server}`;
  const own = i.owner === ctx.me.user || (i.shared && manager);
  const buttons = [];
  if (own && i.kind === 'oauth') {
    buttons.push(h('button', { type: 'button', class: i.status === 'needs-reauthorization' ? 'button small primary' : 'button small',
      'aria-label': `Re-authorize ${label}`, onclick: () => startSignIn(i.server, i.shared) }, 'Re-authorize'));
  } else if (i.kind === 'secret') {
    buttons.push(h('button', { type: 'button', class: 'button small', 'aria-label': `Replace secret of ${label}`,
      onclick: () => addSecret(servers, manager, ctx, i) }, 'Replace secret'));
  }
  buttons.push(i.status === 'disabled'
    ? h('button', { type: 'button', class: 'button small', 'aria-label': `Enable ${label}`, onclick: () => setEnabled(i, true, label, ctx) }, 'Enable')
    : h('button', { type: 'button', class: 'button small', 'aria-label': `Disable ${label}`, onclick: () => setEnabled(i, false, label, ctx) }, 'Disable'));
  buttons.push(h('button', { type: 'button', class: 'button small danger', 'aria-label': `Delete ${label}`,
    onclick: () => remove(i, label, ctx) }, 'Delete'));
  return buttons;
}

function serverPicker(servers, chosen) {
  return h('select', { name: 'server', required: true },
    servers.map(s => h('option', { value: s.slug, selected: s.slug === chosen || null }, `${s.name} (${s.slug})`)));
}

/** For a manager: whose identity this is (their own, the server's shared one, or another user's). */
function whosePicker(replacing) {
  const whose = h('select', { name: 'whose' }, [['me', 'Mine'], ['shared', 'The server\'s shared identity (service account)'],
    ['user', 'Another user\'s']].map(([value, text]) => h('option', { value }, text)));
  const owner = h('input', { name: 'owner', autocomplete: 'off', maxlength: '200' });
  const ownerField = field('User', owner, 'The console user whose identity this is.');
  ownerField.hidden = true;
  whose.addEventListener('change', () => { ownerField.hidden = whose.value !== 'user'; });
  if (replacing) {
    whose.value = replacing.shared ? 'shared' : 'user';
    owner.value = replacing.owner || '';
    ownerField.hidden = replacing.shared;
  }
  return { whose, owner, fields: [field('Whose', whose), ownerField] };
}

/** Pastes a personal access token or API key for a server (replacing the one held there). */
export function addSecret(servers, manager, ctx, replacing) {
  const server = serverPicker(servers, replacing && replacing.server);
  const header = h('input', { name: 'headerName', autocomplete: 'off', value: (replacing && replacing.headerName) || 'Authorization' });
  const secret = h('input', { name: 'secret', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false' });
  const whose = manager && !(replacing && replacing.owner === ctx.me.user) ? whosePicker(replacing) : null;
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'identity-secret-form' }, problem,
    servers.length === 0 ? h('div', { class: 'notice warning' }, h('p', {}, 'There is no server yet.')) : null,
    field('Server', server), whose ? whose.fields : null,
    field('Header', header, 'The HTTP header the secret goes in on every request to the server.'),
    field('Secret', secret, 'As the header must carry it, with its scheme: "Bearer ghp_…". Sealed at rest; never shown again.'));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const submit = h('button', { type: 'submit', class: 'button primary', form: 'identity-secret-form', disabled: servers.length === 0 },
    'Save secret');
  const dialog = openDialog({ title: replacing ? 'Replace secret' : 'Add a personal secret', body: form, actions: [cancel, submit] });
  cancel.addEventListener('click', () => dialog.close());
  (replacing ? secret : server).focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { server: server.value, headerName: header.value.trim() || 'Authorization', secret: secret.value };
    if (whose && whose.whose.value === 'shared') body.shared = true;
    if (whose && whose.whose.value === 'user') body.owner = whose.owner.value.trim();
    try {
      const saved = await api('POST', '/identities', body);
      dialog.close();
      toast(`Secret for ${saved.server} saved.`);
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
    }
  });
}

/** Picks the server to sign in to (OAuth), then leaves for its authorization server. */
function chooseSignIn(servers, manager) {
  const server = serverPicker(servers);
  const shared = h('input', { type: 'checkbox', name: 'shared', id: 'sign-in-shared' });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'identity-sign-in-form' }, problem,
    h('p', {}, 'Your browser goes to the server\'s own sign-in page and comes back here. Gatehouse registers itself there as an '
      + 'OAuth client the first time.'),
    field('Server', server),
    manager ? h('label', { for: shared.id, class: 'checkbox' }, shared, ' As the server\'s shared identity (a service account)') : null);
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const submit = h('button', { type: 'submit', class: 'button primary', form: 'identity-sign-in-form', disabled: servers.length === 0 },
    'Continue to sign-in');
  const dialog = openDialog({ title: 'Sign in to a server', body: form, actions: [cancel, submit] });
  cancel.addEventListener('click', () => dialog.close());
  server.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await startSignIn(server.value, shared.checked, true);
    } catch (error) {
      fill(problem, errorNotice(error));
      submit.disabled = false;
    }
  });
}

/**
 * Starts a sign-in to an upstream server (POST /identities/authorize) and sends the browser to its authorization
 * server; Gatehouse's callback brings it back to {@code returnHash} of this console (this page by default).
 */
export async function startSignIn(server, shared, rethrow = false, returnHash = `#/identities?signedIn=${encodeURIComponent(server)}`) {
  try {
    const started = await api('POST', '/identities/authorize',
      { server, shared: shared || undefined, returnTo: `${new URL('.', window.location.href).pathname}${returnHash}` });
    window.location.assign(started.authorizationUrl);
  } catch (error) {
    if (rethrow) throw error;
    toast(describe(error), 'error');
  }
}

async function setEnabled(i, enable, label, ctx) {
  try {
    await api('POST', `/identities/${encodeURIComponent(i.id)}/${enable ? 'enable' : 'disable'}`);
    toast(enable ? `Enabled ${label}.` : `Disabled ${label}: calls needing it are refused until it is enabled.`);
    ctx.refresh();
  } catch (error) {
    toast(describe(error), 'error');
  }
}

async function remove(i, label, ctx) {
  if (!await confirmAction({ title: `Delete ${label}?`, confirmLabel: 'Delete identity',
    text: `Gatehouse forgets the credential at once${i.kind === 'oauth' ? ' and revokes it at the server\'s authorization server' : ''}; `
      + 'calls that need it are refused until a new one is added. Last changed ' + formatTime(i.updatedAt) + '.' })) {
    return;
  }
  try {
    await api('DELETE', `/identities/${encodeURIComponent(i.id)}`);
    toast(`Deleted ${label}.`);
    ctx.refresh();
  } catch (error) {
    toast(describe(error), 'error');
  }
}
