// Calls to the ASMA's REST API with the bearer token; errors become ApiError with the server's
// one-line message ({"error":{"status","message"}}), never a stack trace.

const KEY = 'statewall.token';
let onUnauthorized = () => {};

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function token() {
  return sessionStorage.getItem(KEY);
}
export function setToken(t) {
  if (t) sessionStorage.setItem(KEY, t);
  else sessionStorage.removeItem(KEY);
}
/** Called on any 401: the page goes back to the sign-in view. */
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

export function authHeaders(extra) {
  const h = { ...extra };
  const t = token();
  if (t) h.Authorization = `Bearer ${t}`;
  return h;
}

/**
 * path: "/api/v1/…"; opts: {method, body (object → JSON), text: true for a text answer,
 * signal, quiet401: true not to leave the page on 401 (the sign-in itself)}.
 */
export async function api(path, opts = {}) {
  const headers = authHeaders({ Accept: opts.text ? 'text/plain, application/json' : 'application/json' });
  let body;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res;
  try {
    res = await fetch(path, { method: opts.method || 'GET', headers, body, signal: opts.signal, cache: 'no-store' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The ASMA cannot be reached (network error). Check the connection and try again.');
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  let raw = '';
  try {
    raw = await res.text();
    data = type.includes('json') && raw ? JSON.parse(raw) : raw;
  } catch {
    data = raw;
  }
  if (!res.ok) {
    const message = data?.error?.message || (typeof data === 'string' && data && data.length < 300 ? data : null)
      || `${res.status} ${res.statusText || 'error'}`;
    if (res.status === 401 && !opts.quiet401) onUnauthorized(message);
    throw new ApiError(res.status, message, data);
  }
  return data;
}

/** Plain words for an error, prefixed with what was being done. */
export function errorText(what, e) {
  if (e instanceof ApiError) {
    const hint = e.status === 403 ? ' (your role does not allow this)' : '';
    return `${what} failed: ${e.message}${hint}`;
  }
  return `${what} failed: ${e?.message || e}`;
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
