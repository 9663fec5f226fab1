// The demo users and the provider's pages (Norwegian bokmål, with English). No scripts, no external resources.

/** One demo user per role and department; the subject is what the service records as the actor. */
export const users = [
  { sub: 'demo-clinician-a', name: 'Kliniker A (demo)', role: 'clinician', departments: ['DEMO-A'] },
  { sub: 'demo-clinician-b', name: 'Kliniker B (demo)', role: 'clinician', departments: ['DEMO-B'] },
  { sub: 'demo-clinician-c', name: 'Kliniker C (demo)', role: 'clinician', departments: ['DEMO-C'] },
  { sub: 'demo-supervisor-a', name: 'Veileder A (demo)', role: 'supervisor', departments: ['DEMO-A'] },
  { sub: 'demo-supervisor-b', name: 'Veileder B (demo)', role: 'supervisor', departments: ['DEMO-B'] },
  { sub: 'demo-evaluator', name: 'Evaluator (demo)', role: 'evaluator', departments: [] },
  { sub: 'demo-admin', name: 'Administrator (demo)', role: 'admin', departments: [] },
];

export const roles = ['clinician', 'supervisor', 'evaluator', 'admin'];

/** A demo user of any role and departments (codes as the service's: capitals, digits, hyphens); null if invalid. */
export function otherUser(role, departmentText) {
  const departments = (departmentText ?? '').split(/[\s,]+/).filter(Boolean);
  if (!roles.includes(role) || departments.some(d => !/^[A-Z0-9][A-Z0-9-]{0,19}$/.test(d))) return null;
  if ((role === 'clinician' || role === 'supervisor') && departments.length === 0) return null;
  const sub = `demo-${role}${departments.length ? `-${departments.join('-')}` : ''}`.toLowerCase();
  return { sub, name: `Demo ${role} ${departments.join(', ')}`.trim(), role, departments };
}

const escape = text => String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

const style = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}ul{list-style:none;padding:0}li{margin:.4rem 0}
button{width:100%;text-align:left;padding:.6rem .8rem;font-size:1rem;border:1px solid #8a94a0;border-radius:4px;background:#f4f6f8;cursor:pointer}
button:hover,button:focus{background:#e3e9ef}.muted{color:#555;font-size:.9rem}.error{color:#a00}`;

const page = (title, content) => `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><link rel="icon" href="data:,"><style>${style}</style></head><body>${content}</body></html>`;

export function loginPage(uid, error) {
  const buttons = users.map(u => `<li><button type="submit" name="user" value="${escape(u.sub)}">` +
    `${escape(u.name)} – ${escape(u.role)}${u.departments.length ? ` · ${escape(u.departments.join(', '))}` : ''}</button></li>`).join('');
  return page('Demo-innlogging / Demo sign-in', `
<h1>FitService demo-innlogging / demo sign-in</h1>
<p>Utviklingsleverandør for innlogging: velg en demobruker. Ingen passord. /
Development identity provider: choose a demo user. No password.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login"><ul>${buttons}</ul></form>
<h2>Annen demobruker / Other demo user</h2>
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="role">Rolle / Role</label>
<select id="role" name="role">${roles.map(r => `<option>${r}</option>`).join('')}</select></p>
<p><label for="departments">Avdelinger / Departments</label>
<input id="departments" name="departments" placeholder="DEMO-A DEMO-B" autocomplete="off"></p>
<p><button type="submit" name="user" value="other">Logg inn som denne / Sign in as this user</button></p>
</form>
<form method="post" action="/interaction/${escape(uid)}/abort"><button type="submit">Avbryt / Cancel</button></form>
<p class="muted">Kun for lokal utvikling (Development). / For local development only.</p>`);
}

export function logoutPage(form) {
  return page('Logg ut / Sign out', `
<h1>Logg ut av demo-innloggingen? / Sign out of the demo provider?</h1>
${form}
<p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Ja, logg ut / Yes, sign out</button></p>
<p><button type="submit" form="op.logoutForm">Nei, forbli innlogget / No, stay signed in</button></p>`);
}

export function errorPage(out) {
  return page('Feil / Error', `<h1>Innlogging feilet / Sign-in failed</h1>
<p class="error">${escape(out.error ?? 'error')}: ${escape(out.error_description ?? '')}</p>`);
}
