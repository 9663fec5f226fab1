// Pieces of the evaluator's report screens: filter fields, numbers with intervals, the outcome table and its norms.
import { h } from '../dom.js';
import { N, T, ta } from '../i18n.js';

export const reportRoles = new Set(['evaluator', 'admin']);
export const ageBands = ['under6', 'children', 'adolescents', 'adults'];

export function monthInput(value) {
  return h('input', { type: 'month', value, required: true, pattern: '\\d{4}-\\d{2}', placeholder: 'åååå-mm', autocomplete: 'off' });
}

export function instrumentSelect(instruments) {
  return h('select', null, instruments.filter(i => i.kind === 'outcome')
    .map(i => h('option', { value: i.code, selected: i.code === 'ORS' }, `${i.code} – ${i.name}`)));
}

export function ageBandSelect() {
  return h('select', null, h('option', { value: '' }, T('reports.allAges')),
    ageBands.map(b => h('option', { value: b }, T(`ageBand.${b}`))));
}

/** A value with its 95 % CI on a second line; shares as percentages. */
export function withCi(x, { digits = 1, percent = false, sign = false } = {}) {
  if (!x) return h('span', { class: 'muted' }, '–');
  const low = percent ? N(x.ciLow * 100, { digits: 0 }) : N(x.ciLow, { digits }); // (35–88 %): one percent sign
  return [N(x.value, { digits, percent, sign }),
    h('span', { class: 'ci' }, '(', low, x.ciLow < 0 ? ' – ' : '–', N(x.ciHigh, { digits, percent }), ')')];
}

export const hiddenText = min => h('span', { class: 'suppressed-text' }, T('reports.hidden', { n: min }));

// [text key, value, field name in the row's `withheld` list (a statistic over 1–4 episodes is withheld)]
const columns = [
  ['reports.episodes', r => N(r.episodes, { digits: 0 })],
  ['reports.clients', r => N(r.clients, { digits: 0 })],
  ['reports.meanIntake', r => N(r.meanIntake), 'meanIntake'],
  ['reports.meanLast', r => N(r.meanLast), 'meanLast'],
  ['reports.meanChange', r => N(r.meanChange, { sign: true }), 'meanChange'],
  ['reports.effectSize', r => withCi(r.effectSize, { digits: 2 }), 'effectSize'],
  ['reports.normativeEffectSize', r => withCi(r.normativeEffectSize, { digits: 2 }), 'normativeEffectSize'],
  ['reports.recovered', r => withCi(r.shares.recovered, { percent: true }), 'shares.recovered'],
  ['reports.reliablyImproved', r => withCi(r.shares.reliablyImproved, { percent: true }), 'shares.reliablyImproved'],
  ['reports.deteriorated', r => withCi(r.shares.deteriorated, { percent: true }), 'shares.deteriorated'],
  ['reports.dropout', r => withCi(r.dropout, { percent: true }), 'dropout'],
  ['reports.dropoutBeforeTarget', r => withCi(r.dropoutBeforeTarget, { percent: true }), 'dropoutBeforeTarget'],
  ['reports.completeness', r => N(r.completeness, { percent: true })],
  // Running episodes are kept out of the change columns; their change so far stands apart.
  ['reports.openChange', r => r.openChange.episodes && r.openChange.meanChange != null
    ? [N(r.openChange.meanChange, { sign: true }), h('span', { class: 'ci' }, T('reports.openEpisodes', { n: r.openChange.episodes }))]
    : h('span', { class: 'muted' }, '–'), 'openChange.meanChange'],
];

const cellValue = (r, [, value, field]) => field && r.withheld?.includes(field)
  ? ta(h('span', { class: 'muted withheld' }, T('reports.withheld')), 'title', 'reports.withheldTitle')
  : value(r);

const departmentLabel = d => d ?? T('reports.allDepartments');
/** "2025M01" → "januar 2025", "2025Q1" → "1. kvartal 2025", "2025H1" → "1. halvår 2025" (English alike); the raw label stays in data-period. */
export function periodLabel(p) {
  if (p == null) return T('reports.wholeSpan');
  const m = /^(\d{4})(?:([MQH])(\d{1,2}))?$/.exec(p);
  if (!m) return p;
  const [, year, kind, n] = m;
  if (!kind) return year;
  if (kind === 'M') return h('span', null, T(`month.${Number(n)}`), ' ', year);
  return T(kind === 'Q' ? 'reports.quarterLabel' : 'reports.halfYearLabel', { n: Number(n), year });
}

/** The report as a table: one row per group, suppressed groups with their keys and the hidden text only. */
export function outcomeTable(report) {
  const min = report.scope.minimumCellSize;
  const rows = report.rows.map(r => h('tr', { class: `level-${r.level}${r.suppressed ? ' suppressed' : ''}`,
    dataset: { level: r.level, department: r.department ?? '', period: r.period ?? '' } },
    h('th', { scope: 'row' }, departmentLabel(r.department)),
    h('td', { class: 'period' }, periodLabel(r.period)),
    r.suppressed
      ? h('td', { colspan: columns.length, class: 'suppressed-cell' }, hiddenText(min))
      : columns.map(column => h('td', { class: 'n' }, cellValue(r, column)))));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'report', 'data-testid': 'report-table' },
    h('caption', { class: 'visually-hidden' }, T('reports.caption', { instrument: report.instrument, from: report.scope.from, to: report.scope.to })),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, T('common.department')), h('th', { scope: 'col' }, T('reports.period')),
      columns.map(([key]) => h('th', { scope: 'col', class: 'n' }, T(key))))),
    h('tbody', null, rows)));
}

const ageRange = c => c.maxAge >= 100 ? (c.minAge ? `${c.minAge}+: ` : '') : `${c.minAge}–${c.maxAge}: `;
const cutoffs = list => list.map((c, i) => [i ? '; ' : '', ageRange(c), N(c.cutoff)]);

/** What the numbers mean: the definitions version, the instrument's norms and the suppression rule. */
export function normsNote(report) {
  const n = report.norms;
  return h('div', { class: 'report-notes', 'data-testid': 'report-norms' },
    h('p', null, T('reports.definitions'), ' ', h('strong', { 'data-testid': 'definitions-version' }, report.definitionsVersion),
      ' · ', T('reports.periodOf'), ' · ', T('reports.suppression', { n: report.scope.minimumCellSize })),
    h('p', null, h('strong', null, n.instrument), ': ', T(n.higherIsBetter ? 'reports.higherBetter' : 'reports.lowerBetter'),
      n.reliableChangeThreshold != null ? [' · ', T('reports.rcThreshold'), ' ', N(n.reliableChangeThreshold)] : null,
      n.cutoffs.length ? [' · ', T('reports.cutoffs'), ' ', cutoffs(n.cutoffs)] : null,
      n.norms ? [' · ', T('reports.jtNorms'), ' ', N(n.norms.clinicalMean), ' (', N(n.norms.clinicalSd), ') / ',
        N(n.norms.functionalMean), ' (', N(n.norms.functionalSd), '), r = ', N(n.norms.reliability, { digits: 2 })] : null),
    n.alliance.length
      ? h('p', null, T('reports.alliance'), ' ', n.alliance.map((a, i) => [i ? ' · ' : '', a.instrument, ' ', cutoffs(a.cutoffs)]))
      : null);
}
