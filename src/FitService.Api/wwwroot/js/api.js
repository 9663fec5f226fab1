// Calls /api/v1 with the bearer token. Errors arrive as RFC 9457 problem+json and are thrown as ApiError.
import { token, clearToken } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

export async function api(path, { method = 'GET', body, idempotencyKey, bearer } = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${bearer ?? token()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { title: 'Nettverksfeil / Network error' });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { detail: text }; }
  }
  if (response.status === 401 && !bearer) {
    // The token expired or was revoked: back to sign-in, keeping nothing.
    clearToken();
    location.hash = '#/signin?expired=1';
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/**
 * Fetches a file (CSV) with the bearer token and saves it: a plain link would carry no token. The bytes become a
 * Blob, an object URL (blob:, same origin) and a temporary <a download>; the URL is revoked right after.
 */
export async function download(path, fallbackName) {
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { headers: { Accept: 'text/csv', Authorization: `Bearer ${token()}` }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, { title: 'Nettverksfeil / Network error' });
  }
  if (!response.ok) {
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
    if (response.status === 401) {
      clearToken();
      location.hash = '#/signin?expired=1';
    }
    throw new ApiError(response.status, data);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name ? decodeURIComponent(name) : fallbackName });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return link.download;
}

const cache = new Map();

/** Instruments and departments rarely change: read once per page load. */
export function cached(path) {
  if (!cache.has(path)) cache.set(path, api(path).catch(e => { cache.delete(path); throw e; }));
  return cache.get(path);
}

/**
 * One Idempotency-Key per submitted body: a double click or a retry of the same form sends the same key,
 * so the server writes once; a changed form gets a new key.
 */
export function idempotencyKeys(newKey) {
  let key = null;
  let last = null;
  return body => {
    const text = JSON.stringify(body);
    if (text !== last) {
      key = newKey();
      last = text;
    }
    return key;
  };
}
