// Pieces of the evaluator's report screens: filter fields, numbers with intervals, the outcome table and its norms.
import { download } from '../api.js';
import { h } from '../dom.js';
import { N, T, language, t, ta } from '../i18n.js';

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

/**
 * A wide table's or chart's scrolling box: a keyboard user reaches it (tabindex 0) and a screen reader names it, so
 * the part beyond the edge can be scrolled to without a mouse (axe: scrollable-region-focusable).
 */
export function scrollRegion(labelKey, child, className = 'table-wrap') {
  return ta(h('div', { class: className, tabindex: 0, role: 'region' }, child), 'aria-label', labelKey);
}

/** Which headings a CSV gets (the lang parameter): plain bokmål or English words, or the field names for scripts. */
export function csvLanguageSelect() {
  return h('select', { 'data-testid': 'csv-language' },
    [['nb', 'reports.csvNorwegian'], ['en', 'reports.csvEnglish'], ['key', 'reports.csvKeys']]
      .map(([value, key]) => h('option', { value, selected: value === language() }, T(key))));
}

/** A button that downloads the data dictionary of the CSV columns, its own headings in the chosen language. */
export function dictionaryButton(languageSelect, failed) {
  const button = h('button', { type: 'button', 'data-testid': 'download-dictionary' }, T('reports.dictionary'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await download(`/reports/dictionary?lang=${languageSelect.value === 'en' ? 'en' : 'nb'}`, 'fitservice-report-columns.csv');
    } catch (e) {
      if (e.status !== 401) failed(e);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** A value with its 95 % CI on a second line; shares as percentages. */
export function withCi(x, { digits = 1, percent = false, sign = false } = {}) {
  if (!x) return h('span', { class: 'muted' }, '–');
  const low = percent ? N(x.ciLow * 100, { digits: 0 }) : N(x.ciLow, { digits }); // (35–88 %): one percent sign
  return [N(x.value, { digits, percent, sign }),
    h('span', { class: 'ci' }, '(', low, x.ciLow < 0 ? ' – ' : '–', N(x.ciHigh, { digits, percent }), ')')];
}

/**
 * A hidden group's label, saying why it is hidden (the row's hiddenBecause): below the minimum itself, or hidden to
 * protect another hidden group; the longer reason in its title. Never a number, never "no difference".
 */
export function hiddenText(row, min) {
  const reason = hiddenReasons[row?.hiddenBecause] ?? hiddenReasons.notSaid;
  const el = h('span', { class: `suppressed-text ${reason.class}`, 'data-hidden-because': row?.hiddenBecause ?? 'notSaid' },
    T(reason.text, { n: min }));
  return ta(el, 'title', reason.title, { n: min });
}

// When saying which would let a count be worked out, the server says neither (notSaid), and so does the label.
export const hiddenReasons = {
  belowMinimum: { class: 'hidden-small', text: 'reports.hiddenSmall', title: 'reports.hiddenSmallTitle' },
  protectsAnotherCell: { class: 'hidden-companion', text: 'reports.hiddenCompanion', title: 'reports.hiddenCompanionTitle' },
  notSaid: { class: 'hidden-unsaid', text: 'reports.hiddenNotSaid', title: 'reports.hiddenNotSaidTitle' },
};

// [text key, value, field name in the row's `withheld` list (a statistic over 1–4 episodes is withheld)]
const allColumns = [
  ['reports.episodes', r => N(r.episodes, { digits: 0 })],
  ['reports.clients', r => N(r.clients, { digits: 0 })],
  ['reports.meanIntake', r => N(r.meanIntake), 'meanIntake'],
  ['reports.meanLast', r => N(r.meanLast), 'meanLast'],
  ['reports.meanChange', r => N(r.meanChange, { sign: true }), 'meanChange'],
  ['reports.effectSize', r => withCi(r.effectSize, { digits: 2 }), 'effectSize'],
  ['reports.normativeEffectSize', r => withCi(r.normativeEffectSize, { digits: 2 }), 'normativeEffectSize'],
  ['reports.severityAdjusted', r => withCi(r.severityAdjustedEffectSize, { digits: 2 }), 'severityAdjustedEffectSize', 'saes'],
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

/** The period label as plain text in the current language (for SVG and descriptions). */
export function periodText(p) {
  if (p == null) return t('reports.wholeSpan');
  const m = /^(\d{4})(?:([MQH])(\d{1,2}))?$/.exec(p);
  if (!m) return p;
  const [, year, kind, n] = m;
  if (!kind) return year;
  if (kind === 'M') return `${t(`month.${Number(n)}`)} ${year}`;
  return t(kind === 'Q' ? 'reports.quarterLabel' : 'reports.halfYearLabel', { n: Number(n), year });
}

/** A span of months "2025M01"/"2025M12" (or two month labels) in words: "januar 2025 – desember 2025". */
export function spanLabel(from, to) {
  if (to === undefined) [from, to] = String(from).split('/');
  return h('span', { class: 'span-label' }, periodLabel(from), ' – ', periodLabel(to));
}
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
export function outcomeTable(report, shownRows = report.rows) {
  const min = report.scope.minimumCellSize;
  // The severity-adjusted column only when the instrument's model is set (the notes say why otherwise).
  const columns = allColumns.filter(c => c[3] !== 'saes' || report.severityAdjustment?.available);
  const rows = shownRows.map(r => h('tr', { class: `level-${r.level}${r.suppressed ? ' suppressed' : ''}`,
    dataset: { level: r.level, department: r.department ?? '', period: r.period ?? '' } },
    h('th', { scope: 'row' }, departmentLabel(r.department)),
    h('td', { class: 'period' }, periodLabel(r.period)),
    r.suppressed
      ? h('td', { colspan: columns.length, class: 'suppressed-cell' }, hiddenText(r, min))
      : columns.map(column => h('td', { class: 'n' }, cellValue(r, column)))));
  return scrollRegion('reports.tableRegion', h('table', { class: 'report', 'data-testid': 'report-table' },
    h('caption', { class: 'visually-hidden' }, T('reports.caption', { instrument: report.instrument, from: periodText(report.scope.from),
      to: periodText(report.scope.to) })),
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
      : null,
    severityNote(report.severityAdjustment));
}

/** The severity-adjusted effect size's model, or that there is none (outcomes report only). */
function severityNote(model) {
  if (!model) return null;
  if (!model.available) return h('p', { 'data-testid': 'saes-model' }, T('reports.saesUnavailable'));
  return h('p', { 'data-testid': 'saes-model' }, T('reports.saesModel', {
    intercept: N(model.intercept, { digits: 2 }).textContent, slope: N(model.slope, { digits: 3 }).textContent,
    change: N(model.referenceMeanChange, { digits: 2 }).textContent, sd: N(model.referenceSd, { digits: 2 }).textContent }));
}
