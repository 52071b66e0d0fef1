// Users: console users where Gatehouse keeps them (the embedded launcher). Add with a password or invite by a
// one-time link, grant roles (only those whose capabilities you have), disable and enable, reset a password by a
// one-time link, see the last sign-in. On WildFly or Payara the page says where users are managed instead.
import { api } from '../api.js';
import {
  badge, confirmAction, copyButton, describe, emptyState, errorNotice, field, fill, h, openDialog, pageHead, time, toast,
} from '../dom.js';
import { listTable } from '../list.js';

export async function page(root, ctx) {
  const data = await api('GET', '/users');
  if (data.managedBy !== 'gatehouse') {
    fill(root, pageHead({ title: 'Users', text: 'Who may sign in to this console.' }),
      h('div', { class: 'card' }, emptyState('Users are managed by the application server',
        (data.serverSignIn === 'oidc'
          ? 'This server signs the console\'s users in through its OpenID Connect client: they and their groups are managed at '
            + 'your organisation\'s OpenID provider; add, disable and regroup them there. '
          : 'On WildFly and Payara the console\'s users and their roles come from the server\'s own realm: add, disable and '
            + 'reset them there. ')
        + 'The roles they have map to Gatehouse capabilities as the Settings page shows. '
        + 'See docs/deploy-wildfly.md or docs/deploy-payara.md.')));
    return;
  }
  const add = h('button', { type: 'button', class: 'button primary', onclick: () => addUser(data.roles, ctx) }, 'Add user');
  fill(root, pageHead({
    title: 'Users',
    text: 'Who may sign in to this console and the admin API, and with which roles. Accounts of admin-users.properties '
      + '(the bootstrap and break-glass accounts) are shown read-only: they win over a user of the same name here.',
    actions: [add],
  }));
  root.append(data.users.length === 0
    ? h('div', { class: 'card' }, emptyState('No users yet', 'Add a user or invite one with a one-time link.'))
    : h('div', { class: 'card' }, listTable([
      { label: 'User', className: 'primary-cell', sort: u => u.name, cell: u => [h('span', {}, u.name),
        u.displayName || u.email ? h('span', { class: 'muted small' }, [u.displayName, u.email].filter(Boolean).join(' · ')) : null] },
      { label: 'Roles', cell: u => u.roles.length ? u.roles.map(r => [h('code', {}, r), ' ']) : h('span', { class: 'muted' }, 'none') },
      { label: 'Source', sort: u => u.source, cell: u => ({ file: 'properties file', local: 'Gatehouse', sso: 'single sign-on' })[u.source] || u.source },
      { label: 'Status', sort: u => u.status, cell: u => status(u) },
      { label: 'Last sign-in', sort: u => u.lastSignInAt, cell: u => time(u.lastSignInAt, 'never') },
      { label: 'Actions', className: 'actions-cell', cell: u => actions(u, data.roles, ctx) },
    ], data.users, { caption: 'Console users',
      searchText: u => [u.name, u.displayName, u.email, ...u.roles, u.source, u.status].join(' ') })));
}

function status(u) {
  if (u.status === 'disabled') return badge('Disabled', 'off');
  if (u.status === 'invited') return badge('Invited', 'info');
  return badge('Active', 'ok');
}

function actions(u, roles, ctx) {
  if (!u.editable) return h('span', { class: 'muted small' }, 'edit the file');
  if (u.name === ctx.me.user) return h('span', { class: 'muted small' }, 'you');
  // a single sign-on user's roles follow their groups at the identity provider, renewed at each sign-in
  const buttons = u.source === 'sso' ? [] : [h('button', { type: 'button', class: 'button small',
    'aria-label': `Edit ${u.name}`, onclick: () => editUser(u, ctx) }, 'Edit'), h('button', { type: 'button', class: 'button small',
    'aria-label': `Edit roles of ${u.name}`, onclick: () => editRoles(u, roles, ctx) }, 'Roles')];
  if (u.source === 'local' && u.status !== 'disabled') {
    buttons.push(h('button', { type: 'button', class: 'button small', 'aria-label': `Reset password of ${u.name}`,
      onclick: () => resetLink(u) }, 'Reset password'));
  }
  buttons.push(u.status === 'disabled'
    ? h('button', { type: 'button', class: 'button small', 'aria-label': `Enable ${u.name}`, onclick: () => setEnabled(u, true, ctx) }, 'Enable')
    : h('button', { type: 'button', class: 'button small danger', 'aria-label': `Disable ${u.name}`,
      onclick: () => setEnabled(u, false, ctx) }, 'Disable'));
  buttons.push(h('button', { type: 'button', class: 'button small danger', 'aria-label': `Remove ${u.name}`,
    onclick: () => remove(u, ctx) }, 'Remove'));
  return buttons;
}

async function remove(u, ctx) {
  if (!await confirmAction({ title: `Remove ${u.name}?`, confirmLabel: 'Remove user',
    text: `${u.name} is removed: they can no longer sign in, any console session they have ends at its next request, and `
      + 'the apps they connected through the browser (OAuth consents) are revoked. '
      + (u.source === 'sso' ? 'Their account at the identity provider is no longer bound to the name, so another account '
        + 'may sign on as it. ' : '')
      + 'API tokens they generated stay with their hosts: revoke those on the Break-glass page if needed. '
      + 'Their audit records stay.' })) {
    return;
  }
  try {
    await api('DELETE', `/users/${encodeURIComponent(u.name)}`);
    toast(`${u.name} is removed.`);
    ctx.refresh();
  } catch (error) {
    toast(describe(error), 'error');
  }
}

/** Checkboxes of the known roles, each with what it grants; the caller may grant only what they have. */
function rolePicker(roles, checked, mine) {
  return h('fieldset', { class: 'field' }, h('legend', { class: 'label' }, 'Roles'),
    h('ul', { class: 'checklist' }, Object.entries(roles).map(([role, caps]) => {
      const grantable = caps.every(c => mine.includes(c));
      return h('li', {}, h('label', {},
        h('input', { type: 'checkbox', name: 'roles', value: role, checked: checked.includes(role) || null,
          disabled: grantable ? null : true }),
        h('code', {}, role), h('span', { class: 'muted small' },
          caps.length ? caps.join(', ') : 'no capability', grantable ? '' : ' (you lack some of these)')));
    })));
}

function chosen(form) {
  return [...form.querySelectorAll('input[name=roles]:checked')].map(i => i.value);
}

function addUser(roles, ctx) {
  const name = h('input', { name: 'name', required: true, autocomplete: 'off', maxlength: '100', pattern: '[A-Za-z0-9][A-Za-z0-9._@\\-]{0,99}' });
  const displayName = h('input', { name: 'displayName', autocomplete: 'off', maxlength: '200' });
  const email = h('input', { name: 'email', type: 'email', autocomplete: 'off', maxlength: '320' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', minlength: '12' });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'add-user-form' }, problem,
    field('User name', name, 'What they type to sign in.'),
    field('Display name', displayName), field('Email', email),
    rolePicker(roles, [], ctx.me.capabilities),
    field('Password', password, 'Leave empty to invite: you get a one-time link (valid 7 days) to give them. At least 12 characters, without the user name.'));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const submit = h('button', { type: 'submit', class: 'button primary', form: 'add-user-form' }, 'Add user');
  const dialog = openDialog({ title: 'Add user', body: form, actions: [cancel, submit] });
  cancel.addEventListener('click', () => dialog.close());
  name.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { name: name.value.trim(), roles: chosen(form) };
    if (displayName.value.trim()) body.displayName = displayName.value.trim();
    if (email.value.trim()) body.email = email.value.trim();
    if (password.value) body.password = password.value;
    try {
      const user = await api('POST', '/users', body);
      dialog.close();
      if (user.invitation) showLink(`Invitation for ${user.name}`, user.invitation);
      else toast(`${user.name} can sign in now.`);
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
    }
  });
}

/** A local user's display name and e-mail (PATCH /api/users/{name}); a single sign-on user's come from the provider. */
function editUser(u, ctx) {
  const displayName = h('input', { name: 'displayName', autocomplete: 'off', maxlength: '200', value: u.displayName || '' });
  const email = h('input', { name: 'email', type: 'email', autocomplete: 'off', maxlength: '320', value: u.email || '' });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'edit-user-form' }, problem, field('Display name', displayName), field('Email', email));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'edit-user-form' }, 'Save');
  const dialog = openDialog({ title: `Edit ${u.name}`, body: form, actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  displayName.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api('PATCH', `/users/${encodeURIComponent(u.name)}`, { displayName: displayName.value.trim(), email: email.value.trim() });
      dialog.close();
      toast(`${u.name} saved.`);
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
    }
  });
}

function editRoles(u, roles, ctx) {
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'roles-form' }, problem,
    h('p', { class: 'muted' }, `${u.name}'s open console sessions end when the roles change: they sign in again with the new ones.`),
    rolePicker(roles, u.roles, ctx.me.capabilities));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'roles-form' }, 'Save roles');
  const dialog = openDialog({ title: `Roles of ${u.name}`, body: form, actions: [cancel, save] });
  cancel.addEventListener('click', () => dialog.close());
  form.querySelector('input:not([disabled])')?.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api('PUT', `/users/${encodeURIComponent(u.name)}/roles`, { roles: chosen(form) });
      dialog.close();
      toast(`Roles of ${u.name} saved.`);
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
    }
  });
}

async function resetLink(u) {
  try {
    const link = await api('POST', `/users/${encodeURIComponent(u.name)}/reset-link`);
    showLink(`Password reset for ${u.name}`, link);
  } catch (error) {
    toast(describe(error), 'error');
  }
}

/** A one-time link, shown once: the admin copies it and gives it to the user by a channel they trust. */
function showLink(title, link) {
  const input = h('input', { id: 'one-time-link', readonly: true, value: link.url, spellcheck: 'false' });
  const done = h('button', { type: 'button', class: 'button primary' }, 'Done');
  const dialog = openDialog({
    title,
    body: h('div', { class: 'stack' },
      h('p', {}, 'Give this link to the user. It works once and expires ', time(link.expiresAt),
        '. It is shown only now; you can always make a new one.'),
      h('div', { class: 'field' }, h('label', { for: 'one-time-link' }, 'One-time link'),
        h('div', { class: 'secret' }, input, copyButton(() => link.url, 'Copy link', { id: 'copy-link' })))),
    actions: [done],
  });
  done.addEventListener('click', () => dialog.close());
  input.select();
}

async function setEnabled(u, enable, ctx) {
  if (!enable && !await confirmAction({ title: `Disable ${u.name}?`, confirmLabel: 'Disable user',
    text: `${u.name} can no longer sign in, and any console session they have ends at its next request. The apps they `
      + 'connected through the browser (OAuth consents) are revoked. API tokens they generated stay with their hosts: '
      + 'revoke those on the Break-glass page if needed.' })) {
    return;
  }
  try {
    await api('POST', `/users/${encodeURIComponent(u.name)}/${enable ? 'enable' : 'disable'}`);
    toast(enable ? `${u.name} is enabled again.` : `${u.name} is disabled.`);
    ctx.refresh();
  } catch (error) {
    toast(describe(error), 'error');
  }
}
