// Sign-in: the button starts the organisation's OpenID Connect sign-in on the server; the provider sends the
// browser back to the route it came from (?return=), where a kept draft is put back.
import { currentUser, startSignIn } from '../auth.js';
import { h } from '../dom.js';
import { T } from '../i18n.js';

export function signIn({ params }) {
  const back = params.get('return');
  const returnHash = back?.startsWith('#/') && !back.startsWith('#/signin') ? back : '#/';
  if (currentUser()) { // already signed in (e.g. a bookmark): straight on
    location.replace(returnHash);
    return null;
  }
  const notice = params.get('expired') ? 'signin.expired'
    : params.get('signedout') ? 'signin.signedOut'
    : params.get('failed') ? 'signin.failed' : null;
  return h('section', null,
    T('signin.title', null, 'h1'),
    notice ? h('p', { class: notice === 'signin.failed' ? 'notice error-text' : 'notice', role: 'status' }, T(notice)) : null,
    params.get('expired') ? T('signin.draftKept', null, 'p') : null,
    h('div', { class: 'card narrow' },
      T('signin.intro', null, 'p'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => startSignIn(returnHash) }, T('signin.submit')))),
    h('p', { class: 'muted narrow' }, T('signin.production')));
}
