// Record a session (POST) or correct one (PUT), and show the server's result at once.
import { api, cached, idempotencyKeys } from '../api.js';
import { go, h, today, uuid } from '../dom.js';
import { busy, clearErrors, errorSummary, field, showProblem } from '../forms.js';
import { T } from '../i18n.js';
import { scaleFieldset } from '../vas.js';
import { sessionResult } from './shared.js';
import { allianceMissingField, reasonRequired } from './alliance-missing.js';
import { readItem } from '../vas.js';
import { raterField } from './rater.js';

export async function recordSession({ match }) {
  const id = match[1];
  const number = match[2] ? Number(match[2]) : null;
  const episode = await api(`/episodes/${id}`);
  const [outcome, alliance] = await Promise.all([
    cached(`/instruments/${encodeURIComponent(episode.outcomeInstrument.code)}`),
    episode.allianceInstrument ? cached(`/instruments/${encodeURIComponent(episode.allianceInstrument.code)}`) : null,
  ]);
  const back = h('a', { href: `#/episodes/${id}` }, T('record.back', { pseudonym: episode.pseudonym }));
  const existing = number ? episode.sessions.find(s => s.number === number) : null;
  if (number && !existing) return h('section', null, T('common.notFound', null, 'h1'), back);
  if (!number && episode.endedOn) return h('section', null, T('record.closed', null, 'h1'), back);

  const date = h('input', { type: 'date', name: 'date', value: existing?.date ?? today(), max: today(), required: true });
  const outcomeSet = scaleFieldset({ scale: 'outcome', instrument: outcome, values: existing?.outcome.items });
  const allianceSet = alliance
    ? scaleFieldset({ scale: 'alliance', instrument: alliance, optional: true, values: existing?.alliance?.items })
    : null;
  const rater = raterField(existing?.ratedBy);
  const missing = alliance ? allianceMissingField(alliance.code, existing?.allianceMissingReason) : null;
  const keyFor = idempotencyKeys(uuid);
  const result = h('div', { class: 'result-area' });
  const form = h('form', { class: 'card', novalidate: true, 'data-testid': 'session-form' },
    errorSummary(),
    field({ name: 'date', label: T('record.date'), input: date }),
    rater.element,
    outcomeSet.element,
    allianceSet?.element,
    missing?.element,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, T(number ? 'record.saveCorrection' : 'common.save')),
      h('a', { href: `#/episodes/${id}`, class: 'button' }, T('common.cancel'))));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { date: date.value, outcome: { items: outcomeSet.read() } };
    const allianceItems = allianceSet?.read();
    if (allianceItems) body.alliance = { items: allianceItems };
    else if (missing?.read()) body.allianceMissingReason = missing.read();
    body.ratedBy = rater.read();
    // A correction keeps who rated the alliance when someone else did (the client, by link); else it follows ratedBy.
    if (existing && allianceItems && existing.allianceRatedBy && existing.allianceRatedBy !== existing.ratedBy)
      body.allianceRatedBy = existing.allianceRatedBy;
    const reasonMissing = !number && missing && !allianceItems && !body.allianceMissingReason;
    const outcomeComplete = outcome.items.every(item => readItem(String(body.outcome.items?.[item.key] ?? ''), item).state === 'valid');
    if (reasonMissing && outcomeComplete) {
      showProblem(form, { problem: { errors: { allianceMissingReason: [reasonRequired()] } } });
      return;
    }
    const idempotencyKey = keyFor(body); // the same body sent twice (double click, retry) carries the same key
    await busy(form, async () => {
      try {
        const recorded = await api(number ? `/episodes/${id}/sessions/${number}` : `/episodes/${id}/sessions`,
          { method: number ? 'PUT' : 'POST', body, idempotencyKey });
        clearErrors(form);
        form.hidden = true; // done: the next session gets a fresh form, and a fresh key
        result.replaceChildren(sessionResult(recorded), h('div', { class: 'actions' },
          h('a', { href: `#/episodes/${id}`, class: 'button primary' }, T('record.toEpisode')),
          episode.endedOn ? null : h('button', { type: 'button', onclick: () => go(`#/episodes/${id}/record`) }, T('record.next'))));
        result.querySelector('h2')?.focus();
      } catch (e) {
        if (e.status === 401) return;
        if (reasonMissing) e.problem.errors = { ...e.problem.errors, allianceMissingReason: [reasonRequired()] };
        showProblem(form, e);
      }
    });
  });

  const nextNumber = number ?? episode.sessionCount + 1;
  return h('section', null,
    T(number ? 'record.correctTitle' : 'record.title', { n: nextNumber, pseudonym: episode.pseudonym }, 'h1'),
    h('p', { class: 'muted' }, back, ' · ', episode.departmentCode, ' · ', T('record.started', { date: episode.startedOn })),
    number ? T('record.correctNote', null, 'p') : null,
    form,
    result);
}
