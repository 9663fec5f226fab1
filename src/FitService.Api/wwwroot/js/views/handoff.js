// The client rates on their own: "Give to client" locks the clinician's pages behind a full-screen form on this
// tablet (back only with the PIN chosen at hand-off, kept in this page's memory and never sent, or by signing in
// again); "Send link" makes a one-time link with a QR code for the client's phone and waits for the answer.
import { api } from '../api.js';
import { currentUser } from '../auth.js';
import { clientForm, clockTime } from '../client-form.js';
import { go, h, today, uuid } from '../dom.js';
import { errorSummary, field, showProblem } from '../forms.js';
import { T, language, setLanguage } from '../i18n.js';

const lockKey = 'fitservice.handoff'; // set while the client holds the tablet; a reload then asks for a new sign-in
const pinPattern = /^[0-9]{4,8}$/;
const maxAttempts = 5;

/** The choices a hand-off or a link offers for this episode: a new session, and the alliance of the latest. */
function choices(episode, outcome, alliance) {
  const next = episode.sessionCount + 1;
  const latest = episode.sessions.at(-1);
  return [
    { value: 'outcome', scales: [['outcome', outcome]], label: T('handoff.scale.outcome', { code: outcome.code, n: next }) },
    alliance ? { value: 'both', scales: [['outcome', outcome], ['alliance', alliance]],
      label: T('handoff.scale.both', { outcome: outcome.code, alliance: alliance.code, n: next }) } : null,
    alliance && latest && !latest.alliance ? { value: 'alliance', scales: [['alliance', alliance]], session: latest,
      label: T('handoff.scale.alliance', { code: alliance.code, n: latest.number }) } : null,
  ].filter(Boolean);
}

function choiceField(name, options) {
  return h('fieldset', { class: 'choices', dataset: { field: 'scale' } }, h('legend', null, T('handoff.what')),
    options.map((o, i) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, value: o.value, checked: i === 0 }), ' ', o.label)),
    h('p', { class: 'error', hidden: true }));
}

/** The two buttons of an open episode, and the panel each opens below them. */
export function clientRatingActions(episode, outcome, alliance) {
  const panel = h('div', { class: 'client-rating-panel' });
  const toggle = make => () => {
    if (panel.firstElementChild?.dataset.kind === make.name) panel.replaceChildren();
    else panel.replaceChildren(make(episode, outcome, alliance, panel));
  };
  return h('div', null,
    h('div', { class: 'client-rating-actions' },
      h('button', { type: 'button', onclick: toggle(handoffPanel), 'data-testid': 'give-to-client' }, T('handoff.give')),
      h('button', { type: 'button', onclick: toggle(linkPanel), 'data-testid': 'send-link' }, T('handoff.sendLink'))),
    panel);
}

function handoffPanel(episode, outcome, alliance, panel) {
  const options = choices(episode, outcome, alliance);
  const name = `handoff-${uuid()}`;
  const pin = h('input', { type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: 8, size: 10 });
  const form = h('form', { class: 'card', novalidate: true, dataset: { kind: 'handoffPanel' }, 'data-testid': 'handoff-setup' },
    T('handoff.title', null, 'h2'), T('handoff.intro', null, 'p'),
    errorSummary(), choiceField(name, options),
    field({ name: 'pin', label: T('handoff.pin'), input: pin, hint: T('handoff.pinHint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, T('handoff.start')),
      h('button', { type: 'button', onclick: () => panel.replaceChildren() }, T('handoff.cancel'))));
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (!pinPattern.test(pin.value)) {
      showProblem(form, { problem: { errors: { pin: [`${T('handoff.pinInvalid').textContent}`] } } });
      return;
    }
    const choice = options.find(o => o.value === form.querySelector(`input[name="${name}"]:checked`)?.value) ?? options[0];
    const code = pin.value;
    pin.value = '';
    startHandoff(episode, choice, code);
  });
  return form;
}

/** Hides the clinician's pages and takes them out of reach of keyboard and pointer, or gives them back. */
function lockPage(locked) {
  for (const el of document.body.children) if (!el.classList.contains('handoff')) el.inert = locked;
  document.body.classList.toggle('handoff-on', locked);
  if (locked) sessionStorage.setItem(lockKey, '1');
  else sessionStorage.removeItem(lockKey);
}

function languageButton() {
  const button = h('button', { type: 'button', class: 'link-button' });
  const label = () => {
    button.textContent = language() === 'en' ? 'Norsk' : 'English';
    button.lang = language() === 'en' ? 'nb' : 'en';
  };
  button.addEventListener('click', () => { setLanguage(language() === 'en' ? 'nb' : 'en'); label(); });
  label();
  return button;
}

function startHandoff(episode, choice, pin) {
  const clinicianLanguage = language();
  const body = h('div', { class: 'handoff-body' });
  const overlay = h('div', { class: 'handoff', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'FitService', 'data-testid': 'handoff' },
    h('div', { class: 'handoff-top' }, languageButton(),
      h('button', { type: 'button', class: 'link-button', onclick: () => unlock(), 'data-testid': 'handoff-unlock-open' }, T('handoff.unlockOpen'))),
    body);
  const key = uuid();
  let attempts = 0;
  let saved = false;

  const show = (...children) => {
    body.replaceChildren(...children);
    body.querySelector('h1')?.focus();
  };
  const back = () => {
    overlay.remove();
    lockPage(false);
    setLanguage(clinicianLanguage);
    go(`#/episodes/${episode.id}`);
  };
  const unlock = () => {
    const input = h('input', { type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: 8, size: 10 });
    const form = h('form', { class: 'card unlock', novalidate: true, 'data-testid': 'handoff-unlock' },
      h('h1', { tabindex: -1 }, T(saved ? 'handoff.returnTitle' : 'handoff.unlockTitle')), errorSummary(),
      field({ name: 'pin', label: T('handoff.enterPin'), input }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, T('handoff.unlock')),
        saved ? null : h('button', { type: 'button', onclick: marking }, T('handoff.cancel'))));
    form.addEventListener('submit', event => {
      event.preventDefault();
      if (input.value === pin) return back();
      input.value = '';
      if (++attempts >= maxAttempts) return show(signInAgain());
      showProblem(form, { problem: { errors: { pin: [T('handoff.wrongPin').textContent] } } });
    });
    show(form);
    if (!saved) input.focus();
  };
  const marking = () => show(h('h1', { tabindex: -1, class: 'visually-hidden' }, T('client.pageTitle')), form);
  const form = clientForm({
    scales: choice.scales.map(([scale, instrument]) => ({ scale, instrument })),
    forChildren: episode.ageAtStart < 13,
    onSubmit: async (marks, formElement) => {
      try {
        await save(episode, choice, marks, key);
        saved = true;
        unlock();
      } catch (e) {
        showProblem(formElement, e);
      }
    },
  });
  lockPage(true);
  document.body.append(overlay);
  marking();
}

/** The marks as a session: a new one (ORS, or ORS and SRS), or the alliance added to the latest as a correction. */
function save(episode, choice, marks, idempotencyKey) {
  if (choice.value === 'alliance') {
    const s = choice.session;
    return api(`/episodes/${episode.id}/sessions/${s.number}`, { method: 'PUT', idempotencyKey, body: {
      date: s.date, outcome: { items: s.outcome.items }, alliance: { items: marks.alliance }, ratedBy: s.ratedBy, allianceRatedBy: 'client' } });
  }
  const body = { date: today(), outcome: { items: marks.outcome }, ratedBy: 'client' };
  if (marks.alliance) body.alliance = { items: marks.alliance };
  return api(`/episodes/${episode.id}/sessions`, { method: 'POST', idempotencyKey, body });
}

function signInAgain() {
  const signOut = currentUser()?.signOutUrl ?? '/#/signin';
  return h('section', { class: 'card unlock' }, h('h1', { tabindex: -1 }, T('handoff.tooMany')),
    h('a', { class: 'button primary', href: signOut, onclick: () => sessionStorage.removeItem(lockKey) }, T('handoff.signInAgain')));
}

/** After a reload in the middle of a hand-off the PIN is gone: the page stays locked until the clinician signs in again. */
export function guardReload(user) {
  if (!sessionStorage.getItem(lockKey) || !user) return;
  const overlay = h('div', { class: 'handoff', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'FitService', 'data-testid': 'handoff' },
    h('section', { class: 'card unlock' }, h('h1', { tabindex: -1 }, T('handoff.reloaded')),
      h('a', { class: 'button primary', href: user.signOutUrl ?? '/#/signin', onclick: () => sessionStorage.removeItem(lockKey) },
        T('handoff.signInAgain'))));
  lockPage(true);
  document.body.append(overlay);
}

function linkPanel(episode, outcome, alliance) {
  const options = choices(episode, outcome, alliance).filter(o => o.value !== 'both'); // a link carries one scale
  const name = `link-${uuid()}`;
  const result = h('div', { class: 'link-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card link-panel', novalidate: true, dataset: { kind: 'linkPanel' }, 'data-testid': 'link-panel' },
    T('link.title', null, 'h2'), errorSummary(), choiceField(name, options),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, T('link.make'))),
    result);
  const key = uuid();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const choice = options.find(o => o.value === form.querySelector(`input[name="${name}"]:checked`)?.value) ?? options[0];
    const body = choice.value === 'alliance' ? { scale: 'alliance', sessionNumber: choice.session.number } : { scale: 'outcome' };
    try {
      const link = await api(`/episodes/${episode.id}/client-links`, { method: 'POST', body, idempotencyKey: `${key}-${choice.value}` });
      const status = h('p', { 'data-testid': 'link-status' }, T('link.waiting'));
      result.replaceChildren(
        h('img', { class: 'qr', src: link.qrCode, alt: '', 'data-testid': 'link-qr', 'aria-describedby': 'link-url' }),
        field({ name: 'url', label: T('link.url'), input: h('input', { type: 'text', readonly: true, class: 'link-url', value: link.url,
          id: 'link-url', 'data-testid': 'link-url' }) }),
        T('link.expires', { time: clockTime(link.expiresAt, language()) }, 'p'),
        status);
      waitForAnswer(episode, link, form, status);
    } catch (e) {
      if (e.status !== 401) showProblem(form, e);
    }
  });
  return form;
}

/**
 * Asks for the link's state (no score, no identifier, not an access-logged read) until the client has used it (then
 * shows the episode), the link expires, or the panel is gone.
 */
function waitForAnswer(episode, link, panel, status) {
  const tick = async () => {
    if (!panel.isConnected) return;
    try {
      const { state } = await api(`/episodes/${episode.id}/client-links/${link.id}`);
      if (state === 'used') {
        go(`#/episodes/${episode.id}`);
        return;
      }
      if (state === 'expired') {
        status.replaceChildren(T('link.expired'));
        return;
      }
    } catch {
      // a network hiccup: try again on the next tick
    }
    setTimeout(tick, 3000);
  };
  setTimeout(tick, 3000);
}
