// The admin JSON API (docs/admin-api.md): session cookie + X-CSRF-Token on changes.

let csrfToken = '';
let onAuthLost = () => {};

export function setCsrfToken(token) {
  csrfToken = token || '';
}

/** Called with 'login' and the server's reason (401), or 'password' (a forced change is
 * pending). */
export function setAuthLostHandler(fn) {
  onAuthLost = fn;
}

/** An error answer: {error, field?} from the API, with the HTTP status. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.field = (body && body.field) || '';
    this.body = body || {};
  }
}

/** Calls /api/v1/admin/<path>; resolves to the parsed JSON (null for 204), rejects ApiError. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let resp;
  try {
    resp = await fetch(`/api/v1/admin/${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { error: 'ENP cannot be reached (is the daemon running?)' });
  }
  if (resp.status === 204) return null;
  const text = await resp.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = { error: text.slice(0, 200) };
  }
  if (!resp.ok) {
    const err = new ApiError(resp.status, data);
    if (resp.status === 401 && path !== 'login' && path !== 'session') {
      onAuthLost('login', err.message);
    }
    if (resp.status === 403 && data && data.mustChangePassword) onAuthLost('password');
    throw err;
  }
  return data;
}

/**
 * POSTs to /api/v1/admin/<path> for a file (a backup): resolves to {blob, name} (the name from
 * Content-Disposition), rejects ApiError with the API's JSON error as api() does.
 */
export async function apiDownload(path, body) {
  let resp;
  try {
    resp = await fetch(`/api/v1/admin/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
      credentials: 'same-origin',
      cache: 'no-store',
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { error: 'ENP cannot be reached (is the daemon running?)' });
  }
  if (!resp.ok) {
    let data = null;
    try {
      data = await resp.json();
    } catch (e) {
      data = null;
    }
    const err = new ApiError(resp.status, data);
    if (resp.status === 401) onAuthLost('login', err.message);
    throw err;
  }
  const disposition = resp.headers.get('Content-Disposition') || '';
  const m = /filename="([^"]+)"/.exec(disposition);
  return { blob: await resp.blob(), name: m ? m[1] : 'enp-backup.tar' };
}

/**
 * POSTs a file to /api/v1/admin/<path> as the body (Content-Type `type`) with extra headers;
 * resolves to the parsed JSON answer, rejects ApiError as api() does.
 */
export async function apiUpload(path, file, type, headers = {}) {
  let resp;
  try {
    resp = await fetch(`/api/v1/admin/${path}`, {
      method: 'POST',
      headers: { ...headers, Accept: 'application/json', 'Content-Type': type,
        'X-CSRF-Token': csrfToken },
      credentials: 'same-origin',
      cache: 'no-store',
      body: file,
    });
  } catch (e) {
    throw new ApiError(0, { error: 'ENP cannot be reached (is the daemon running?)' });
  }
  let data = null;
  try {
    data = await resp.json();
  } catch (e) {
    data = null;
  }
  if (!resp.ok) {
    const err = new ApiError(resp.status, data);
    if (resp.status === 401) onAuthLost('login', err.message);
    throw err;
  }
  return data;
}
