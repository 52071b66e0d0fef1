// The console: a hash router over views, each a module rendering one page from the admin REST API.
// What the user may do comes from GET /api/me; the console hides what they cannot do (the API refuses it anyway).
import { api, signOut, startSession } from './api.js';
import { errorNotice, fill, h } from './dom.js';
import * as dashboard from './views/dashboard.js';
import * as hosts from './views/hosts.js';
import * as host from './views/host.js';
import * as gateways from './views/gateways.js';
import * as servers from './views/servers.js';
import * as logs from './views/logs.js';
import * as breakGlass from './views/break-glass.js';
import * as settings from './views/settings.js';
import * as rules from './views/rules.js';
import * as limits from './views/limits.js';
import * as quarantine from './views/quarantine.js';
import * as approvals from './views/approvals.js';
import * as connectedApps from './views/connected-apps.js';
import * as users from './views/users.js';
import * as usage from './views/usage.js';
import * as identities from './views/identities.js';
import * as connect from './views/connect.js';
import { changeOwnPassword } from './own-password.js';

const main = document.getElementById('main');

/** Routes: a pattern of path segments ({name} captures one) to the view that renders it. */
const routes = [
  ['dashboard', dashboard.page, 'dashboard'],
  ['hosts', hosts.list, 'hosts'],
  ['hosts/{id}', host.page, 'hosts'],
  ['hosts/{id}/{tab}', host.page, 'hosts'],
  ['connect/{id}', connect.page, 'hosts'],
  ['gateways', gateways.list, 'gateways'],
  ['gateways/{slug}', gateways.page, 'gateways'],
  ['servers', servers.list, 'servers'],
  ['servers/{id}', servers.page, 'servers'],
  ['rules', rules.page, 'rules'],
  ['rules/{slug}', rules.page, 'rules'],
  ['limits', limits.page, 'limits'],
  ['quarantine', quarantine.page, 'quarantine'],
  ['approvals', approvals.page, 'approvals'],
  ['connected-apps', connectedApps.page, 'connected-apps'],
  ['logs', logs.page, 'logs'],
  ['usage', usage.page, 'usage'],
  ['identities', identities.page, 'identities'],
  ['break-glass', breakGlass.page, 'break-glass'],
  ['users', users.page, 'users'],
  ['settings', settings.page, 'settings'],
];

function match(path) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const [pattern, view, section] of routes) {
    const want = pattern.split('/');
    if (want.length !== parts.length) continue;
    const params = {};
    if (want.every((w, i) => (w.startsWith('{') ? (params[w.slice(1, -1)] = parts[i], true) : w === parts[i]))) {
      return { view, section, params };
    }
  }
  return null;
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?');
  return { path: path || landing(), query: Object.fromEntries(new URLSearchParams(search)) };
}

/** The landing page: the dashboard for who may read the logs it is made of, else Apps & Agents. */
function landing() {
  return me && me.capabilities.includes('logs:read') ? 'dashboard' : 'hosts';
}

let me = null;
let renderCount = 0;

async function render() {
  const { path, query } = parseHash();
  const found = match(path);
  const count = ++renderCount;
  document.body.removeAttribute('data-ready');
  document.querySelectorAll('#nav a').forEach(a => {
    if (found && a.dataset.section === found.section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const page = h('div', { class: 'page' }, h('p', { class: 'loading' }, 'Loading…'));
  fill(main, page);
  const ctx = {
    me,
    can: capability => me.capabilities.includes(capability),
    params: found ? found.params : {},
    query,
    go: hash => { location.hash = hash; },
    refresh: () => render(),
    isCurrent: () => count === renderCount,
  };
  try {
    if (!found) {
      fill(page, h('h1', {}, 'Not found'), h('p', {}, 'There is no such page. '), h('a', { href: '#/hosts' }, 'Back to Apps & Agents'));
    } else {
      await found.view(page, ctx);
    }
  } catch (error) {
    if (count !== renderCount) return;
    fill(page, h('h1', { tabindex: '-1' }, 'This page could not be shown'), errorNotice(error));
  }
  if (count !== renderCount) return;
  const heading = page.querySelector('h1');
  document.title = `${heading ? heading.textContent : 'Gatehouse'} · Gatehouse admin`;
  if (heading && document.activeElement !== document.body && !main.contains(document.activeElement)) heading.focus();
  // for page-load measurements and browser tests: the view has its data on screen
  performance.mark(`gatehouse:ready:${found ? found.section : 'none'}`);
  document.body.dataset.ready = found ? found.section : 'none';
  refreshBadges();
}

const BADGE_REFRESH_MS = 10000;
/** Per navigation link, the count GET /api/attention gives for it and what one of them is called. */
const BADGES = [['approvals', 'pendingApprovals', 'held call', 'held calls'],
  ['quarantine', 'quarantinedTools', 'tool to review', 'tools to review']];

/**
 * Work waiting for the admin, as badges on the navigation: held calls and tools in quarantine (each only
 * for who may act on it). Refreshed after every page and every few seconds; a failed refresh keeps the last.
 */
async function refreshBadges() {
  let counts;
  try {
    counts = await api('GET', '/attention');
  } catch (error) {
    return; // the next round tries again
  }
  for (const [section, key, one, many] of BADGES) {
    const link = document.querySelector(`#nav a[data-section="${section}"]`);
    const count = counts[key] || 0;
    let badge = link.querySelector('.nav-count');
    if (!count) {
      if (badge) badge.remove();
      continue;
    }
    if (!badge) {
      badge = h('span', { class: 'nav-count' });
      link.append(' ', badge);
    }
    // the link reads "Approvals 2 held calls": the number is seen, the words are heard
    fill(badge, String(count), h('span', { class: 'sr-only' }, ` ${count === 1 ? one : many}`));
  }
}

/**
 * A dialog belongs to the page that opened it: leaving that page (Back, a link, a typed URL) closes it, so
 * nothing is decided on a page the admin no longer sees and focus is not left trapped in a modal.
 */
function closeDialogs() {
  document.querySelectorAll('dialog[open]').forEach(dialog => dialog.close());
}

async function start() {
  const session = await startSession();
  me = await api('GET', '/me');
  document.getElementById('who').textContent = session.user || me.user;
  document.querySelectorAll('#nav a[data-needs]').forEach(a => {
    a.parentElement.hidden = !me.capabilities.includes(a.dataset.needs);
  });
  document.getElementById('sign-out').addEventListener('click', () => signOut());
  document.getElementById('account').addEventListener('click', () => changeOwnPassword(me.user));
  if (me.capabilities.length === 0) {
    fill(main, h('div', { class: 'page' }, h('h1', {}, 'No access yet'),
      h('p', {}, `You are signed in as ${me.user}, but none of your roles grants a Gatehouse capability. `
        + 'Ask an administrator to map one of your roles (see the admin guide).')));
    document.body.dataset.ready = 'none';
    return;
  }
  setInterval(refreshBadges, BADGE_REFRESH_MS);
  window.addEventListener('hashchange', () => {
    closeDialogs();
    render();
  });
  await render();
}

start().catch(error => {
  fill(main, h('div', { class: 'page' }, h('h1', {}, 'The console could not start'), errorNotice(error)));
});
