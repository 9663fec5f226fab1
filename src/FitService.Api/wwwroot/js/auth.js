// Who is signed in, as the server says (/api/v1/me). The browser holds no token: the session is an HttpOnly
// cookie the server set after the OpenID Connect sign-in, which scripts cannot read.

let user = null;
let antiforgery = null;

/** Asks the server once per page load (/account/me: 200 when signed in, 204 when not); null when not signed in. */
export async function loadUser() {
  let response;
  try {
    response = await fetch('/account/me', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return user = null;
  }
  user = response.status === 200 ? await response.json() : null;
  return user;
}

/** Who is signed in: subject, role, departments, how ("cookie"), sessionExpires and signOutUrl; or null. */
export const currentUser = () => user;

/** The session ended (a 401): forget who was signed in. */
export function forgetUser() {
  user = null;
  antiforgery = null;
}

/** The header that state-changing calls made with the cookie carry; fetched once per sign-in. */
export async function antiforgeryHeader(refresh = false) {
  if (refresh) antiforgery = null;
  antiforgery ??= fetch('/api/v1/account/antiforgery', { headers: { Accept: 'application/json' }, cache: 'no-store' })
    .then(r => (r.ok ? r.json() : Promise.reject(Object.assign(new Error(`HTTP ${r.status}`), { status: r.status }))))
    .catch(e => { antiforgery = null; throw e; });
  const { headerName, token } = await antiforgery;
  return { [headerName]: token };
}

/** Starts the OpenID Connect sign-in; the provider sends the browser back to this route. */
export function startSignIn(returnHash = '#/') {
  location.assign(`/account/signin?returnUrl=${encodeURIComponent(`/${returnHash}`)}`);
}

/** Ends the session here and at the provider (RP-initiated sign-out). */
export function signOut() {
  if (user?.signOutUrl) location.assign(user.signOutUrl);
  else location.hash = '#/signin';
}

export const isClinical = u => u?.role === 'clinician' || u?.role === 'supervisor';
