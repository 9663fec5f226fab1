// Sign-in for local use: paste a development token (scripts/dev-token). Production OIDC is not built yet.
import { api, ApiError } from '../api.js';
import { claims, clearToken, setToken } from '../auth.js';
import { h } from '../dom.js';
import { errorSummary, field, showProblem, busy } from '../forms.js';
import { T } from '../i18n.js';

export function signIn({ params }) {
  clearToken();
  const input = h('textarea', { name: 'token', rows: 4, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', required: true });
  const form = h('form', { class: 'card narrow', novalidate: true },
    errorSummary(),
    field({ name: 'token', label: T('signin.token'), input, hint: h('span', null, T('signin.hint'), ' ', h('code', null, 'scripts/dev-token --role clinician --department DEMO-A')) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, T('signin.submit'))));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const jwt = input.value.trim().replace(/^Bearer\s+/i, '');
    const c = claims(jwt);
    if (!c) {
      showProblem(form, new ApiError(400, { errors: { token: [T('signin.notAToken').textContent] } }));
      return;
    }
    await busy(form, async () => {
      try {
        await api('/departments', { bearer: jwt }); // any role may read departments: proves the token is accepted
        setToken(jwt);
        location.hash = '#/';
      } catch (e) {
        const message = e.status === 401 ? T('signin.rejected').textContent : (e.problem.title ?? e.message);
        showProblem(form, new ApiError(e.status, { errors: { token: [message] } }));
      }
    });
  });

  return h('section', null,
    T('signin.title', null, 'h1'),
    params.get('expired') ? h('p', { class: 'notice', role: 'status' }, T('signin.expired')) : null,
    form,
    h('p', { class: 'muted narrow' }, T('signin.production')));
}
