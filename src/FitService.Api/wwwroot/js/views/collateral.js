// Collateral ratings on the episode page: the ratings so far, and a small form to add one (the rater's relation from a
// fixed list, never a name, and the outcome form's lines). They are kept apart from the client's own sessions.
import { api, idempotencyKeys } from '../api.js';
import { go, h, uuid } from '../dom.js';
import { busy, clearErrors, errorSummary, field, showProblem } from '../forms.js';
import { N, T } from '../i18n.js';
import { scaleFieldset } from '../vas.js';

const relations = ['parent', 'partner', 'teacher', 'other'];

export function collateralSection(episode, outcome) {
  const ratings = episode.collateral ?? [];
  return h('section', { class: 'collateral', 'data-testid': 'collateral', 'aria-labelledby': 'collateral-title' },
    T('collateral.title', null, 'h2'),
    T('collateral.intro', null, 'p'),
    ratings.length ? ratingsTable(ratings) : T('collateral.none', null, 'p'),
    episode.sessions.length ? addForm(episode, outcome) : T('collateral.needsSession', null, 'p'));
}

function ratingsTable(ratings) {
  return h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'collateral-table' },
    h('caption', { class: 'visually-hidden' }, T('collateral.caption')),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'n' }, T('chart.session')), h('th', { scope: 'col' }, T('episode.date')),
      h('th', { scope: 'col' }, T('collateral.relation')), h('th', { scope: 'col', class: 'n' }, T('chart.totals')))),
    h('tbody', null, ratings.map(r => h('tr', { 'data-session': r.sessionNumber, 'data-relation': r.relation },
      h('td', { class: 'n' }, String(r.sessionNumber)), h('td', { class: 'date' }, r.date),
      h('td', null, T(`relation.${r.relation}`)), h('td', { class: 'n' }, N(r.total)))))));
}

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
