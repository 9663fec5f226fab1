// The clinicians' web UI: a hash router (#/...) over a few views. Data comes only from /api/v1.
import { currentUser, isClinical, loadUser } from './auth.js';
import { h } from './dom.js';
import { dropDraft, restoreDraft } from './drafts.js';
import { T, bindLanguageToggle, both, refresh, serverText } from './i18n.js';
import { signIn } from './views/signin.js';
import { overview } from './views/overview.js';
import { newEpisode } from './views/new-episode.js';
import { recordSession } from './views/record.js';
import { episodeView } from './views/episode.js';
import { alertQueue } from './views/alerts.js';
import { reports } from './views/reports.js';
import { compare } from './views/compare.js';
import { reportRoles } from './views/report-parts.js';
import { guardReload } from './views/handoff.js';
import { wordingScreen } from './views/wording.js';

const uuid = '([0-9a-f-]{36})';
const routes = [
  [/^\/signin$/, signIn, { anonymous: true }],
  [/^\/$/, home],
  [/^\/departments\/([A-Z0-9-]+)$/, overview, { clinical: true }],
  [/^\/new$/, newEpisode, { clinical: true }],
  [new RegExp(`^/episodes/${uuid}$`), episodeView, { clinical: true }],
  [new RegExp(`^/episodes/${uuid}/record$`), recordSession, { clinical: true }],
  [new RegExp(`^/episodes/${uuid}/sessions/(\\d+)/correct$`), recordSession, { clinical: true }],
  [/^\/alerts$/, alertQueue],
  [/^\/reports$/, reports],
  [/^\/reports\/compare$/, compare],
  [/^\/instruments\/wording$/, wordingScreen],
];

let navigation = 0;

async function render() {
  const hash = location.hash || '#/';
  if (!hash.startsWith('#/')) return; // an in-page anchor, not a route
  const [path, query] = hash.slice(1).split('?');
  const user = currentUser();
  const route = routes.find(([pattern]) => pattern.test(path));
  if (!user && !route?.[2]?.anonymous) {
    location.replace(`#/signin?return=${encodeURIComponent(hash)}`);
    return;
  }
  header(user);
  const main = document.getElementById('main');
  const current = ++navigation;
  main.setAttribute('aria-busy', 'true');
  let view;
  try {
    if (route?.[2]?.clinical && !isClinical(user)) view = notForRole(user);
    else view = route
      ? await route[1]({ match: path.match(route[0]), params: new URLSearchParams(query ?? ''), user })
      : h('section', null, T('common.notFound', null, 'h1'));
  } catch (e) {
    view = e.status === 403
      ? h('section', null, T('access.title', null, 'h1'), h('p', null, serverText(e.message)))
      : h('section', null, T('common.error', null, 'h1'), h('p', { class: 'error-text' }, serverText(e.message)));
  }
  if (current !== navigation || !view) return; // a later navigation, or a redirect, won
  main.replaceChildren(view);
  main.removeAttribute('aria-busy');
  if (restoreDraft(hash, main)) view.prepend(h('p', { class: 'notice', role: 'status', 'data-testid': 'draft-restored' }, T('draft.restored')));
  const title = main.querySelector('h1');
  document.title = title ? `${title.textContent} – FitService` : 'FitService';
  if (title) {
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
  }
}

/** Another role's page says so in words, and which role the user has. */
function notForRole(user) {
  const [nb, en] = both(`role.${user.role}`);
  return h('section', null, T('access.title', null, 'h1'),
    T('access.clinicalOnly', { nb: nb.toLowerCase(), en: en.toLowerCase() }, 'p'),
    h('p', null, h('a', { href: '#/' }, T('access.home'))));
}

function home({ user }) {
  if (isClinical(user) && user.departments.length) {
    location.replace(`#/departments/${encodeURIComponent(user.departments[0])}`);
    return null;
  }
  if (reportRoles.has(user.role)) {
    location.replace('#/reports');
    return null;
  }
  return h('section', null, T('home.title', null, 'h1'), T('home.notClinical', { role: user.role }, 'p'));
}

function header(user) {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  const links = [];
  if (isClinical(user) && user.departments.length > 0) {
    links.push(h('a', { href: `#/departments/${user.departments[0]}` }, T('nav.overview')));
    links.push(h('a', { href: '#/new' }, T('nav.newEpisode')));
    if (user.role === 'supervisor') links.push(h('a', { href: '#/alerts' }, T('nav.alerts')));
  }
  if (reportRoles.has(user?.role)) {
    links.push(h('a', { href: '#/reports' }, T('nav.reports')));
    links.push(h('a', { href: '#/reports/compare' }, T('nav.compare')));
  }
  if (user?.role === 'admin') links.push(h('a', { href: '#/instruments/wording' }, T('wording.nav')));
  nav.replaceChildren(...links);
  who.replaceChildren(...(user
    ? [h('span', { class: 'user', 'data-testid': 'who' },
        T(`role.${user.role}`), user.departments.length ? ` · ${user.departments.join(', ')}` : ''),
       h('a', { href: user.signOutUrl ?? '#/signin', class: 'signout', onclick: dropDraft }, T('nav.signOut'))]
    : []));
}

function setupLanguageToggle() {
  bindLanguageToggle(document.getElementById('lang-toggle'));
  const skip = document.getElementById('skip-link');
  skip.dataset.t = 'common.skip';
  skip.addEventListener('click', event => { // moves focus without touching the #/route
    event.preventDefault();
    document.getElementById('main').focus();
  });
  document.getElementById('nav').dataset.ta = 'aria-label=nav.label';
  refresh(document);
}

setupLanguageToggle();
window.addEventListener('hashchange', render);
loadUser().then(user => {
  guardReload(user); // a reload in the middle of a client hand-off stays locked
  return render();
});
