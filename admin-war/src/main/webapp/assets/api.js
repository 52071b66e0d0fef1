// The console's only way to the server: the admin REST API under ./api, with the FORM login's session.
// State-changing requests carry the session's CSRF token; errors arrive as problem+json and are thrown
// as ApiError; an expired session sends the browser back to the login page.

const SAFE = new Set(['GET', 'HEAD']);
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Reads the session (user and CSRF token); call once before any change. */
export async function startSession() {
  const response = await fetch('console/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('application/json')) {
    location.assign('./');
    throw new ApiError(401, null);
  }
  const session = await response.json();
  csrfToken = session.csrfToken;
  return session;
}

export async function signOut() {
  const response = await fetch('console/session', { method: 'POST', headers: { 'X-CSRF-Token': csrfToken }, credentials: 'same-origin' });
  let next = './';
  if (response.status === 200) {
    // signed in by single sign-on: end the provider's session too (its sign-out comes back to the console)
    try {
      next = (await response.json()).signOutUrl || next;
    } catch { /* the console's own sign-in page */ }
  }
  location.assign(next);
}

/** Calls the API: api('GET', '/hosts'), api('POST', '/hosts', {name: ...}); extra headers such as If-Match last. */
export async function api(method, path, body, extraHeaders = {}) {
  const headers = { ...extraHeaders, Accept: 'application/json', 'X-Gatehouse-Console': '1' };
  if (!SAFE.has(method)) headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`api${path}`, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    location.assign('./'); // the session ended: the container shows the login page and comes back here
    throw new ApiError(401, { title: 'Signed out', detail: 'your session has ended' });
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** One page of a searchable list: {rows, total}, the total from the reply's X-Total-Count. */
export async function apiPage(path) {
  const response = await fetch(`api${path}`, { headers: { Accept: 'application/json', 'X-Gatehouse-Console': '1' },
    credentials: 'same-origin' });
  if (response.status === 401) {
    location.assign('./');
    throw new ApiError(401, { title: 'Signed out', detail: 'your session has ended' });
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return { rows: data, total: Number(response.headers.get('X-Total-Count') || data.length) };
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && String(value).trim() !== '') q.set(key, String(value).trim());
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The URL of a download the browser fetches itself (with the session cookie), such as a log export. */
export function downloadUrl(path) {
  return `api${path}`;
}
