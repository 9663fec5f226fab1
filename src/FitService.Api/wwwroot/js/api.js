// Calls /api/v1 with the session cookie (the browser sends it; scripts never see it). State-changing calls carry
// the antiforgery header. Errors arrive as RFC 9457 problem+json and are thrown as ApiError.
import { antiforgeryHeader, forgetUser } from './auth.js';
import { keepDraft } from './drafts.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

const unsafe = method => !['GET', 'HEAD', 'OPTIONS'].includes(method);

export async function api(path, { method = 'GET', body, idempotencyKey } = {}) {
  let response = await send(path, method, body, idempotencyKey);
  let data = await read(response);
  if (response.status === 400 && data?.field === 'X-CSRF-Token') { // a token from before the last sign-in
    response = await send(path, method, body, idempotencyKey, true);
    data = await read(response);
  }
  if (response.status === 401) sessionEnded();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

async function send(path, method, body, idempotencyKey, freshToken = false) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (unsafe(method)) {
    try {
      Object.assign(headers, await antiforgeryHeader(freshToken));
    } catch (e) {
      if (e.status === 401) return new Response(null, { status: 401 }); // the session ended before this call
      throw new ApiError(0, { title: 'Nettverksfeil / Network error' });
    }
  }
  try {
    return await fetch(`/api/v1${path}`, {
      method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { title: 'Nettverksfeil / Network error' });
  }
}

async function read(response) {
  const text = await response.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return { detail: text }; }
}

/** The session expired or was ended: keep what was typed, then to sign-in, which brings the user back here. */
function sessionEnded() {
  const route = location.hash || '#/';
  if (route.startsWith('#/signin')) return;
  keepDraft(route);
  forgetUser();
  location.hash = `#/signin?expired=1&return=${encodeURIComponent(route)}`;
}

/**
 * Fetches a file (CSV) and saves it under the name the server gives it. The bytes become a
 * Blob, an object URL (blob:, same origin) and a temporary <a download>; the URL is revoked right after.
 */
export async function download(path, fallbackName) {
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { headers: { Accept: 'text/csv' }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, { title: 'Nettverksfeil / Network error' });
  }
  if (!response.ok) {
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
    if (response.status === 401) sessionEnded();
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
