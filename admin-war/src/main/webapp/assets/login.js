// The login page's only behaviour: say so when the container sent us back after a failed attempt.
if (new URLSearchParams(location.search).has('error')) {
  document.getElementById('login-error').hidden = false;
}
