// A one-time link's page: the link's secret is the URL's fragment (never sent to a server or in a Referer);
// the new password and the secret go to account/password in a JSON body; account/link says whom the link is for.
const secret = location.hash.slice(1);
history.replaceState(null, '', location.pathname); // the secret leaves the address bar and the history
const form = document.getElementById('account-form');
const error = document.getElementById('account-error');

function fail(message) {
  error.textContent = message;
  error.hidden = false;
  error.focus?.();
}

if (!secret) {
  fail('This page needs the link an administrator gave you.');
  form.hidden = true;
} else {
  showWhom();
}

/** Says which user the link is for (what to sign in as); a link that no longer works says so at once. */
async function showWhom() {
  const response = await fetch('account/link', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ secret }),
  });
  if (response.ok) {
    document.getElementById('account-user').textContent = (await response.json()).user;
    document.getElementById('account-for').hidden = false;
  } else if (response.status === 404) {
    fail('This link is not valid: it was used, it expired, or it never existed. Ask an administrator for a new one.');
    form.hidden = true;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const password = form.elements.password.value;
  if (password !== form.elements.repeat.value) {
    fail('The two passwords differ.');
    form.elements.repeat.focus();
    return;
  }
  const response = await fetch('account/password', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ secret, password }),
  });
  if (response.status === 204) {
    form.hidden = true;
    const done = document.getElementById('account-done');
    done.hidden = false;
    done.querySelector('a').focus();
    return;
  }
  let detail = 'The password could not be set.';
  try {
    detail = (await response.json()).detail || detail;
  } catch { /* the generic message */ }
  fail(detail);
});
