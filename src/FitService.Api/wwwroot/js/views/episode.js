// An episode: summary, the graph as feedback (views/feedback.js), open alerts, sessions with corrections and history, and closing it.
import { api, cached, idempotencyKeys } from '../api.js';
import { go, h, today, uuid } from '../dom.js';
import { busy, errorSummary, field, showProblem } from '../forms.js';
import { N, T, serverText } from '../i18n.js';
import { clientRatingActions } from './handoff.js';
import { missingReason, ratedByClient } from './alliance-missing.js';
import { summaryPdfLink } from './episode-pdf.js';
import { categoryBadge } from './shared.js';
import { confirmClose, episodeAlerts } from './episode-alerts.js';
import { collateralSection } from './collateral.js';
import { feedbackSection } from './feedback.js';

export async function episodeView({ match }) {
  const id = match[1];
  const episode = await api(`/episodes/${id}`);
  const [outcome, alliance] = await Promise.all([
    cached(`/instruments/${encodeURIComponent(episode.outcomeInstrument.code)}`),
    episode.allianceInstrument ? cached(`/instruments/${encodeURIComponent(episode.allianceInstrument.code)}`) : null,
  ]);
  const open = !episode.endedOn;
  const fact = (key, value, testId) => h('div', { class: 'fact' }, h('dt', null, T(key)), h('dd', { 'data-testid': testId }, value));

  return h('section', { class: 'episode' },
    h('div', { class: 'title-row' },
      h('h1', null, episode.pseudonym),
      summaryPdfLink(id),
      open ? h('a', { class: 'button primary', href: `#/episodes/${id}/record` }, T('episode.record')) : null),
    open ? clientRatingActions(episode, outcome, alliance) : null,
    h('p', { class: 'muted' },
      h('a', { href: `#/departments/${encodeURIComponent(episode.departmentCode)}` }, episode.departmentCode), ' · ',
      T('episode.period', { from: episode.startedOn, to: episode.endedOn ?? '…' }), ' · ',
      T('episode.age', { age: episode.ageAtStart }), ' · ',
      episode.outcomeInstrument.code, episode.allianceInstrument ? ` / ${episode.allianceInstrument.code}` : '',
      open ? null : [' · ', h('strong', null, T('episode.closed')), ' (', T(`endReason.${episode.endReason}`), ')']),
    h('dl', { class: 'facts summary' },
      fact('overview.sessions', String(episode.sessionCount), 'episode-sessions'),
      fact('common.intake', N(episode.intakeTotal)),
      fact('common.last', N(episode.lastTotal)),
      fact('result.change', N(episode.changeFromIntake, { sign: true })),
      fact('result.reliableChange', episode.reliableChange ? T(`reliable.${episode.reliableChange}`) : '–'),
      fact('common.category', categoryBadge(episode.category), 'episode-category'),
      fact('result.clinicalRange', episode.clinicalRange ? T(`range.${episode.clinicalRange}`) : '–'),
      fact('episode.expected', T(`trajectory.${episode.expectedTrajectory.status}`), 'episode-trajectory')),
    feedbackSection(episode, outcome, alliance),
    episodeAlerts(episode),
    T('episode.sessionsTitle', null, 'h2'),
    sessionsTable(episode),
    collateralSection(episode, outcome),
    open ? closeForm(episode) : null);
}

function sessionsTable(episode) {
  if (!episode.sessions.length) return T('episode.noSessions', null, 'p');
  const rows = episode.sessions.flatMap(session => {
    const history = h('tr', { class: 'history', hidden: true }, h('td', { colspan: 9 }));
    const toggle = h('button', { type: 'button', class: 'link-button', 'aria-expanded': 'false' }, T('episode.history'));
    toggle.addEventListener('click', async () => {
      const show = history.hidden;
      history.hidden = !show;
      toggle.setAttribute('aria-expanded', String(show));
      if (show) history.firstChild.replaceChildren(await revisions(episode.id, session.number));
    });
    return [h('tr', { 'data-session': session.number },
      h('td', { class: 'n' }, String(session.number)),
      h('td', { class: 'date' }, session.date, ratedByClient(session)),
      h('td', { class: 'n' }, N(session.outcome.total)),
      h('td', { class: 'n' }, N(session.alliance?.total), missingReason(session)),
      h('td', { class: 'n' }, N(session.changeFromIntake, { sign: true })),
      h('td', null, session.reliableChange ? T(`reliable.${session.reliableChange}`) : '–'),
      h('td', null, categoryBadge(session.category)),
      h('td', { class: 'n' }, String(session.revision)),
      h('td', { class: 'row-actions' },
        h('a', { href: `#/episodes/${episode.id}/sessions/${session.number}/correct`, class: 'row-action' }, T('episode.correct')), ' ', toggle)),
    history];
  });
  const head = ['chart.session', 'episode.date', episode.outcomeInstrument.code, episode.allianceInstrument?.code ?? '–',
    'result.change', 'result.reliableChange', 'common.category', 'episode.revision', 'episode.actions'];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'sessions', 'data-testid': 'sessions-table' },
    h('thead', null, h('tr', null, head.map((k, i) => h('th', { scope: 'col', class: [0, 2, 3, 4, 7].includes(i) ? 'n' : null },
      k.includes('.') ? T(k) : k)))),
    h('tbody', null, rows)));
}

async function revisions(episodeId, number) {
  try {
    const list = await api(`/episodes/${episodeId}/sessions/${number}/revisions`);
    return h('ol', { class: 'revisions' }, list.map(r => h('li', null,
      T('episode.revisionLine', { revision: r.revision, date: r.date, by: r.recordedBy, at: r.recordedAt.slice(0, 16).replace('T', ' ') }),
      ': ', N(r.outcomeTotal), r.allianceTotal != null ? [' / ', N(r.allianceTotal)] : null,
      h('span', { class: 'muted' }, ` (${Object.values(r.outcomeItems).join(' · ')}${r.allianceItems ? ` | ${Object.values(r.allianceItems).join(' · ')}` : ''})`))));
  } catch (e) {
    return h('p', { class: 'error-text' }, serverText(e.message));
  }
}

function closeForm(episode) {
  const endedOn = h('input', { type: 'date', value: today(), max: today() });
  const reason = h('select', null, ['planned', 'dropout', 'referred', 'other'].map(r => h('option', { value: r }, T(`endReason.${r}`))));
  const keyFor = idempotencyKeys(uuid);
  const form = h('form', { class: 'card', novalidate: true, 'data-testid': 'close-form' },
    errorSummary(),
    field({ name: 'endedOn', label: T('episode.endedOn'), input: endedOn }),
    field({ name: 'endReason', label: T('episode.endReason'), input: reason }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, T('episode.close'))));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!(await confirmClose(episode, form.closest('section') ?? document.body))) return;
    const body = { endedOn: endedOn.value, endReason: reason.value };
    await busy(form, async () => {
      try {
        await api(`/episodes/${episode.id}/close`, { method: 'POST', body, idempotencyKey: keyFor(body) });
        go(`#/episodes/${episode.id}`);
      } catch (e) {
        if (e.status !== 401) showProblem(form, e);
      }
    });
  });
  return h('details', { class: 'close-episode' }, h('summary', null, T('episode.close')), form);
}
