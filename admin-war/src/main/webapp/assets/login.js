// The login page's only behaviour: say so when the container sent us back after a failed attempt, and
// when the sign-in was refused because of too many failed attempts, how long to wait.
if (new URLSearchParams(location.search).has('error')) {
  const error = document.getElementById('login-error');
  error.hidden = false;
  fetch('console/sign-in-notice', { credentials: 'same-origin', cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : {}))
    .then((notice) => {
      if (Number.isInteger(notice.retryAfterSeconds)) {
        document.getElementById('login-wait-seconds').textContent = String(notice.retryAfterSeconds);
        document.getElementById('login-wait').hidden = false;
        error.hidden = true;
      }
    })
    .catch(() => { /* the generic message stays */ });
}

// Single sign-on, when the deployment has an OpenID provider (the launcher's oidc-* settings): a link to start it.
fetch('sso/config', { credentials: 'same-origin', cache: 'no-store' })
  .then((response) => (response.ok ? response.json() : {}))
  .then((sso) => {
    if (sso.enabled) {
      document.getElementById('sso-sign-in').textContent = sso.label;
      document.getElementById('sso').hidden = false;
    }
    if (sso.accounts === 'gatehouse') { // the launcher: its own users, not an application server's realm
      document.getElementById('login-accounts').textContent = 'Sign in as one of this Gatehouse\'s users: those an'
        + ' administrator added on the console\'s Users page, or an account of admin-users.properties in its data folder'
        + (sso.enabled ? '; or with single sign-on, as your organisation\'s account.' : '.');
    }
  })
  .catch(() => { /* the password form stays */ });
