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
  })
  .catch(() => { /* the password form stays */ });
