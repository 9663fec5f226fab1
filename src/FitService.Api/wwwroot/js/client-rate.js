// The client's rating page (rate.html#code): no sign-in, no identifier; the code is in the fragment, which the browser
// never sends, and goes only to /api/v1/client-ratings/{code}. No cookie is sent either (credentials: 'omit').
import { clientForm, clockTime } from './client-form.js';
import { h } from './dom.js';
import { showProblem } from './forms.js';
import { T, bindLanguageToggle, language, refresh } from './i18n.js';

const code = location.hash.slice(1);
const main = document.getElementById('main');

async function call(method, body) {
  const headers = { Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  try {
    const response = await fetch(`/api/v1/client-ratings/${encodeURIComponent(code)}`,
      { method, headers, credentials: 'omit', cache: 'no-store', body: body ? JSON.stringify(body) : undefined });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    return { status: response.status, data };
  } catch {
    return { status: 0, data: null };
  }
}

function show(...children) {
  main.replaceChildren(...children);
  const title = main.querySelector('h1');
  if (title) {
    document.title = title.textContent;
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
  }
}

const gone = () => show(h('section', { 'data-testid': 'client-gone' }, T('client.gone.title', null, 'h1'), T('client.gone.text', null, 'p')));
const failed = () => show(h('section', null, T('client.failed', null, 'h1')));
const thanks = () => show(h('section', { 'data-testid': 'client-thanks' }, T('client.thanks', null, 'h1'), T('client.thanksText', null, 'p')));

async function start() {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(code)) return gone();
  show(h('section', null, T('client.pageTitle', null, 'h1'), T('client.loading', null, 'p')));
  const { status, data } = await call('GET');
  if (status === 410 || status === 404) return gone();
  if (status !== 200) return failed();
  const form = clientForm({
    scales: [{ scale: data.scale, instrument: data.instrument }],
    forChildren: data.forChildren,
    onSubmit: async (marks, formElement) => {
      const answer = await call('POST', { items: marks[data.scale] });
      if (answer.status === 201) return thanks();
      if (answer.status === 410) return gone();
      // The server names "items.x"; the lines are named as the session form names them.
      const errors = Object.fromEntries(Object.entries(answer.data?.errors ?? {}).map(([k, v]) => [`${data.scale}.${k}`, v]));
      showProblem(formElement, { problem: { ...(answer.data ?? { title: 'Nettverksfeil / Network error' }), errors }, message: '' });
    },
  });
  show(h('section', null, T('client.pageTitle', null, 'h1'), form,
    h('p', { class: 'muted' }, T('client.expires', { time: clockTime(data.expiresAt, language()) }))));
}

function setupLanguageToggle() {
  bindLanguageToggle(document.getElementById('lang-toggle'));
  refresh(document);
}

setupLanguageToggle();
start();
