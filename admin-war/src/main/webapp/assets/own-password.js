// Account: the signed-in user changes their own password (POST /api/me/password), from "Signed in as". The current
// password is checked like a sign-in; the user's other console sessions end, this one goes on. The file's accounts
// and single sign-on users are told where their password is kept instead (the API's 409).
import { api } from './api.js';
import { errorNotice, field, fill, h, openDialog, toast } from './dom.js';

export function changeOwnPassword(user) {
  const current = h('input', { name: 'currentPassword', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { name: 'newPassword', type: 'password', autocomplete: 'new-password', minlength: '12', required: true });
  const repeat = h('input', { name: 'repeat', type: 'password', autocomplete: 'new-password', required: true });
  const problem = h('div');
  const form = h('form', { class: 'stack', id: 'own-password-form' }, problem,
    field('Current password', current),
    field('New password', next, 'At least 12 characters, without your user name. Your other console sessions end.'),
    field('Repeat the new password', repeat));
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const submit = h('button', { type: 'submit', class: 'button primary', form: 'own-password-form' }, 'Change password');
  const dialog = openDialog({ title: `Change the password of ${user}`, body: form, actions: [cancel, submit] });
  cancel.addEventListener('click', () => dialog.close());
  current.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (next.value !== repeat.value) {
      fill(problem, errorNotice(new Error('The two new passwords differ.')));
      repeat.focus();
      return;
    }
    try {
      await api('POST', '/me/password', { currentPassword: current.value, newPassword: next.value });
      dialog.close();
      toast('Your password is changed. Your other console sessions end.');
    } catch (error) {
      fill(problem, errorNotice(error));
    }
  });
}
