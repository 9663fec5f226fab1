// The bearer token lives in sessionStorage only: it ends with the tab, and is never written to localStorage.

const KEY = 'fitservice.token';

export function setToken(token) { sessionStorage.setItem(KEY, token); }
export function clearToken() { sessionStorage.removeItem(KEY); }
export function token() { return sessionStorage.getItem(KEY); }

/** The token's claims (not verified here: the server verifies every request). */
export function claims(jwt) {
  const part = jwt?.split('.')[1];
  if (!part || jwt.split('.').length !== 3) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/** Who is signed in: subject, role and departments from the token, or null (also when it has expired). */
export function currentUser() {
  const jwt = token();
  const c = claims(jwt);
  if (!c) return null;
  if (c.exp && c.exp * 1000 <= Date.now()) {
    clearToken();
    return null;
  }
  return {
    subject: c.sub ?? '',
    role: c.role ?? '',
    departments: [c.department ?? []].flat().map(String),
    expires: c.exp ? new Date(c.exp * 1000) : null,
  };
}

export const isClinical = user => user?.role === 'clinician' || user?.role === 'supervisor';
