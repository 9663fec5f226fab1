// The episode's graph as a feedback tool, for the clinician and the client together: the status in words and what it
// is based on, a plain sentence for the client and a prompt for the clinician, the graphs, the numbers in a table
// beside them, and every item per session.
import { boundPercent, collateralByRelation, cutoffArgs, dateArgs, relationArgs, trajectoryChart } from '../chart.js';
import { h } from '../dom.js';
import { N, T, ta } from '../i18n.js';
import { itemLabel } from '../vas.js';
import { showToClientButton } from './show-client.js';

/** The graph section of the episode view; without sessions, the sentence that says so. */
export function feedbackSection(episode, outcome, alliance) {
  if (!episode.trajectory.length) return T('episode.noSessions', null, 'p');
  const progress = episode.feedback?.progress ?? 'baseline';
  const statuses = [progress, ...(episode.feedback?.allianceLow ? ['allianceLow'] : [])];
  const chart = trajectoryChart(episode, outcome, alliance);
  return h('section', { class: 'feedback', 'data-testid': 'feedback', 'aria-labelledby': 'feedback-title' },
    T('feedback.title', null, 'h2'),
    h('p', { class: 'feedback-status', 'data-testid': 'feedback-status' }, T('feedback.status'), ': ',
      statuses.map((status, i) => [i ? ' · ' : null,
        h('strong', { class: `status-chip status-${status}`, 'data-status': status }, T(`feedback.progress.${status}`))])),
    basis(episode),
    h('div', { class: 'feedback-talk' },
      h('div', { class: 'card talk-client', 'data-testid': 'client-sentence' }, T('feedback.forClient', null, 'h3'),
        statuses.map(status => T(`feedback.client.${status}`, null, 'p'))),
      h('div', { class: 'card talk-clinician', 'data-testid': 'clinician-prompt' }, T('feedback.forClinician', null, 'h3'),
        statuses.map(status => T(`feedback.clinician.${status}`, null, 'p')))),
    h('div', { class: 'actions' }, showToClientButton(statuses, chart)),
    chart,
    h('details', { class: 'feedback-details', 'data-testid': 'graph-table' }, h('summary', null, T('feedback.tableTitle')), graphTable(episode)),
    h('details', { class: 'feedback-details', 'data-testid': 'item-view' }, h('summary', null, T('feedback.itemsTitle')),
      itemTable(episode, outcome, alliance)));
}

function basis(episode) {
  const band = episode.expectedBand;
  const args = band ? { episodes: band.episodesUsed, date: band.calibratedAt.slice(0, 10), id: band.calibrationId } : null;
  return h('p', { class: 'feedback-basis', 'data-testid': 'status-basis', 'data-basis': episode.statusBasis },
    T(`feedback.basis.${episode.statusBasis === 'calibratedTrajectory' ? 'calibratedTrajectory' : 'sessionRules'}`, args),
    band ? [' ', T('feedback.zoneHelp', { p: boundPercent(episode) })] : null);
}

/** The graph's numbers: per session its date, the client's total, the expected zone, each relation's and the alliance. */
function graphTable(episode) {
  const band = new Map((episode.expectedBand?.points ?? []).map(p => [p.session, p]));
  const relations = collateralByRelation(episode);
  const sessions = [...new Set([...episode.trajectory.map(p => p.session), ...band.keys(),
    ...(episode.collateral ?? []).map(c => c.sessionNumber)])].sort((a, b) => a - b);
  const point = new Map(episode.trajectory.map(p => [p.session, p]));
  const code = episode.outcomeInstrument.code;
  const p = boundPercent(episode);
  const head = [
    T('chart.session'), T('episode.date'), h('span', null, code),
    episode.expectedBand ? [T('feedback.expected'), T('feedback.bound', { p }), T('feedback.zone')] : [],
    [...relations.keys()].map(relation => T('feedback.collateral', { code, ...relationArgs(relation) })),
    episode.allianceInstrument ? h('span', null, episode.allianceInstrument.code) : [],
  ].flat();
  const rows = sessions.map(session => {
    const at = point.get(session);
    const b = band.get(session);
    const date = at?.date ?? (episode.collateral ?? []).find(c => c.sessionNumber === session)?.date;
    return h('tr', { 'data-session': session },
      h('th', { scope: 'row', class: 'n' }, String(session)),
      h('td', { class: 'date' }, date ?? T('feedback.next')),
      h('td', { class: 'n' }, N(at?.outcome)),
      episode.expectedBand ? [h('td', { class: 'n' }, N(b?.expected)), h('td', { class: 'n' }, N(b?.bound)),
        h('td', { 'data-zone': b?.zone ?? null }, b?.zone ? T(`feedback.zone.${b.zone}`, { p }) : '–')] : null,
      [...relations.values()].map(list => h('td', { class: 'n' }, N(list.find(c => c.sessionNumber === session)?.total))),
      episode.allianceInstrument ? h('td', { class: 'n' }, N(at?.alliance)) : null);
  });
  const [outcomeKey, outcomeArgs] = cutoffArgs(episode.outcomeInstrument);
  const caption = h('caption', null, T('feedback.tableTitle'),
    episode.outcomeInstrument.clinicalCutoff != null ? [': ', T(outcomeKey, outcomeArgs)] : null,
    episode.allianceInstrument ? ['; ', T(...cutoffArgs({ ...episode.allianceInstrument, clinicalCutoff: episode.allianceInstrument.clinicalCutoff ?? 36 }))] : null);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'graph-table' }, caption,
    h('thead', null, h('tr', null, head.map(cell => h('th', { scope: 'col' }, cell)))), h('tbody', null, rows)));
}

/** Every item of every session: a row per item, a column per session (scrolls sideways on a long episode). */
function itemTable(episode, outcome, alliance) {
  const sessions = episode.sessions;
  // Each item by the organisation's wording where it set one (as the forms show it), else the neutral label.
  const rows = (scale, instrument) => instrument ? instrument.items.map(item => {
    return h('tr', { 'data-scale': scale, 'data-item': item.key },
      h('th', { scope: 'row' }, h('span', { class: 'item-code' }, `${instrument.code} `), itemLabel(instrument, item.key)),
      sessions.map(session => {
        const value = session[scale]?.items?.[item.key];
        // An alliance item under 9 is what raises the low-item alert: said in words, not only by its colour.
        const low = scale === 'alliance' && value != null && value < 9;
        return h('td', { class: `n${low ? ' item-low' : ''}`, 'data-session': session.number }, N(value), low ? [' ', T('feedback.low', null, 'small')] : null);
      }));
  }) : [];
  const table = h('table', { class: 'item-table', 'data-testid': 'item-table' },
    h('caption', { class: 'visually-hidden' }, T('feedback.itemsTitle')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, T('feedback.item')),
      sessions.map(session => h('th', { scope: 'col', class: 'n' }, T('chart.sessionN', { n: session.number }), h('br'),
        T('feedback.date', dateArgs(session.date), 'small'))))),
    h('tbody', null, rows('outcome', outcome), rows('alliance', alliance)));
  return ta(h('div', { class: 'table-wrap', role: 'region', tabindex: 0 }, table), 'aria-label', 'feedback.itemsScroll');
}
