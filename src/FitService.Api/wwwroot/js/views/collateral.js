// Collateral ratings on the episode page: the ratings so far, and a small form to add one (the rater's relation from a
// fixed list, never a name, and the outcome form's lines), and a correction of each (PUT, a new revision). They are kept
// apart from the client's own sessions.
import { api, idempotencyKeys } from '../api.js';
import { go, h, uuid } from '../dom.js';
import { busy, clearErrors, errorSummary, field, showProblem } from '../forms.js';
import { N, T, both } from '../i18n.js';
import { scaleFieldset } from '../vas.js';

const relations = ['parent', 'partner', 'teacher', 'other'];

export function collateralSection(episode, outcome) {
  const ratings = episode.collateral ?? [];
  return h('section', { class: 'collateral', 'data-testid': 'collateral', 'aria-labelledby': 'collateral-title' },
    T('collateral.title', null, 'h2'),
    T('collateral.intro', null, 'p'),
    ratings.length ? ratingsTable(episode, outcome, ratings) : T('collateral.none', null, 'p'),
    episode.sessions.length ? addForm(episode, outcome) : T('collateral.needsSession', null, 'p'));
}

function ratingsTable(episode, outcome, ratings) {
  const rows = ratings.flatMap(r => {
    const correction = h('tr', { class: 'collateral-correction', hidden: true }, h('td', { colspan: 5 }));
    const toggle = h('button', { type: 'button', class: 'link-button row-action', 'aria-expanded': 'false', 'data-testid': 'collateral-correct' },
      T('collateral.correct'));
    toggle.addEventListener('click', () => {
      const show = correction.hidden;
      correction.hidden = !show;
      toggle.setAttribute('aria-expanded', String(show));
      if (show) correction.firstChild.replaceChildren(correctionForm(episode, outcome, r));
      else correction.firstChild.replaceChildren();
    });
    return [h('tr', { 'data-session': r.sessionNumber, 'data-relation': r.relation },
      h('td', { class: 'n' }, String(r.sessionNumber)), h('td', { class: 'date' }, r.date),
      h('td', null, T(`relation.${r.relation}`)), h('td', { class: 'n' }, N(r.total)),
      episode.endedOn ? h('td') : h('td', { class: 'row-actions' }, toggle)), correction];
  });
  return h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'collateral-table' },
    h('caption', { class: 'visually-hidden' }, T('collateral.caption')),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'n' }, T('chart.session')), h('th', { scope: 'col' }, T('episode.date')),
      h('th', { scope: 'col' }, T('collateral.relation')), h('th', { scope: 'col', class: 'n' }, T('chart.totals')),
      h('th', { scope: 'col' }, T('episode.actions')))),
    h('tbody', null, rows)));
}

/** The rating's lines filled in as they are; saved as a new revision (every earlier one is kept). */
function correctionForm(episode, outcome, rating) {
  const name = `collateral-${rating.sessionNumber}-${rating.relation}`;
  const scale = scaleFieldset({ scale: name, instrument: outcome, values: rating.items,
    legend: T('collateral.correctLegend', { code: outcome.code, n: rating.sessionNumber, ...relationWords(rating.relation) }) });
  const keyFor = idempotencyKeys(uuid);
  const form = h('form', { class: 'card', novalidate: true, 'data-testid': 'collateral-correction-form' },
    errorSummary(),
    scale.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, T('record.saveCorrection'))));
  const fieldMap = Object.fromEntries([['items', `${name}.items`], ...outcome.items.map(i => [`items.${i.key}`, `${name}.items.${i.key}`])]);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { items: scale.read() ?? {} };
    await busy(form, async () => {
      try {
        await api(`/episodes/${episode.id}/collateral-ratings/${rating.sessionNumber}/${encodeURIComponent(rating.relation)}`,
          { method: 'PUT', body, idempotencyKey: keyFor(body) });
        clearErrors(form);
        go(`#/episodes/${episode.id}`);
      } catch (e) {
        if (e.status !== 401) showProblem(form, e, fieldMap);
      }
    });
  });
  return form;
}

const relationWords = relation => ({ relNb: both(`relation.${relation}`)[0].toLowerCase(), relEn: both(`relation.${relation}`)[1].toLowerCase() });

function addForm(episode, outcome) {
  const latest = episode.sessions[episode.sessions.length - 1].number;
  const session = h('select', { name: 'sessionNumber' }, episode.sessions.map(s =>
    h('option', { value: s.number, selected: s.number === latest }, T('collateral.sessionOption', { n: s.number, date: s.date }))));
  const relation = h('select', { name: 'relation' }, relations.map(r => h('option', { value: r }, T(`relation.${r}`))));
  const scale = scaleFieldset({ scale: 'collateral', instrument: outcome });
  const keyFor = idempotencyKeys(uuid);
  const form = h('form', { class: 'card', novalidate: true, 'data-testid': 'collateral-form' },
    errorSummary(),
    field({ name: 'sessionNumber', label: T('collateral.session'), input: session }),
    field({ name: 'relation', label: T('collateral.relation'), input: relation, hint: T('collateral.relationHint') }),
    scale.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, T('collateral.save'))));
  // The server names the items "items.<key>"; the form's lines are "collateral.items.<key>".
  const fieldMap = Object.fromEntries([['items', 'collateral.items'], ...outcome.items.map(i => [`items.${i.key}`, `collateral.items.${i.key}`])]);

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { sessionNumber: Number(session.value), relation: relation.value, items: scale.read() ?? {} };
    await busy(form, async () => {
      try {
        await api(`/episodes/${episode.id}/collateral-ratings`, { method: 'POST', body, idempotencyKey: keyFor(body) });
        clearErrors(form);
        go(`#/episodes/${episode.id}`);
      } catch (e) {
        if (e.status !== 401) showProblem(form, e, fieldMap);
      }
    });
  });
  return h('details', { class: 'collateral-add' }, h('summary', null, T('collateral.add')), form);
}
