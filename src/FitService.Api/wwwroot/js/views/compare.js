// Two plan periods side by side per department: episodes and mean change in each, and the differences with 95 % CIs.
import { api, cached, download } from '../api.js';
import { h } from '../dom.js';
import { busy, clearErrors, errorSummary, field } from '../forms.js';
import { N, T, ta } from '../i18n.js';
import { ageBandSelect, csvLanguageSelect, dictionaryButton, hiddenText, instrumentSelect, monthInput, normsNote, reportRoles, spanLabel,
  periodText, scrollRegion, withCi } from './report-parts.js';
import { failed } from './reports.js';

export async function compare({ user }) {
  if (!reportRoles.has(user.role)) return h('section', null, T('compare.title', null, 'h1'), T('reports.evaluatorsOnly', null, 'p'));
  const [instruments, allDepartments] = await Promise.all([cached('/instruments'), api('/departments')]);
  const year = new Date().getFullYear();
  const months = { firstFrom: monthInput(`${year - 4}-01`), firstTo: monthInput(`${year - 2}-12`),
    secondFrom: monthInput(`${year - 1}-01`), secondTo: monthInput(`${year}-12`) };
  const instrument = instrumentSelect(instruments);
  const ageBand = ageBandSelect();
  const departments = h('select', { multiple: true, size: Math.min(6, Math.max(2, allDepartments.length)), 'data-testid': 'compare-department-filter' },
    allDepartments.map(d => h('option', { value: d.code }, `${d.code} – ${d.name}`)));
  const csvLanguage = csvLanguageSelect();
  const hideEmpty = h('input', { type: 'checkbox', id: 'compare-hide-empty', checked: true, 'data-testid': 'compare-hide-empty' });
  const result = h('div', { class: 'report-result', 'aria-live': 'polite' });
  const csvButton = h('button', { type: 'button', 'data-testid': 'download-compare-csv' }, T('reports.downloadCsv'));
  const form = h('form', { class: 'report-form card', novalidate: true, 'data-testid': 'compare-form' },
    errorSummary(),
    h('fieldset', null, T('compare.first', null, 'legend'), h('div', { class: 'form-row' },
      field({ name: 'firstFrom', label: T('reports.from'), input: months.firstFrom, hint: T('reports.monthHint') }),
      field({ name: 'firstTo', label: T('reports.to'), input: months.firstTo, hint: T('reports.monthHint') }))),
    h('fieldset', null, T('compare.second', null, 'legend'), h('div', { class: 'form-row' },
      field({ name: 'secondFrom', label: T('reports.from'), input: months.secondFrom, hint: T('reports.monthHint') }),
      field({ name: 'secondTo', label: T('reports.to'), input: months.secondTo, hint: T('reports.monthHint') }))),
    h('div', { class: 'form-row' },
      field({ name: 'instrument', label: T('common.instrument'), input: instrument }),
      field({ name: 'ageBand', label: [T('reports.ageBand'), ' ', T('common.optional')], input: ageBand }),
      field({ name: 'departments', label: [T('reports.departmentFilter'), ' ', T('common.optional')], input: departments,
        hint: T('reports.departmentFilterHint') }),
      h('label', { class: 'check', for: hideEmpty.id }, hideEmpty, ' ', T('reports.hideEmpty'))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, T('compare.show')),
      field({ name: 'lang', label: T('reports.csvLanguage'), input: csvLanguage }),
      csvButton,
      dictionaryButton(csvLanguage, e => failed(form, e, result)),
      h('a', { href: '#/reports', class: 'button' }, T('compare.back'))));

  const query = () => {
    const q = new URLSearchParams(Object.entries(months).map(([name, input]) => [name, input.value.trim()]));
    q.set('instrument', instrument.value);
    if (ageBand.value) q.set('ageBand', ageBand.value);
    const chosen = [...departments.selectedOptions].map(o => o.value);
    if (chosen.length) q.set('departments', chosen.join(','));
    return q;
  };

  csvButton.addEventListener('click', async () => {
    csvButton.disabled = true;
    try {
      const q = query();
      q.set('format', 'csv');
      q.set('lang', csvLanguage.value);
      await download(`/reports/outcomes/compare?${q}`, 'fitservice-compare.csv');
      clearErrors(form);
    } catch (e) {
      if (e.status !== 401) failed(form, e, result);
    } finally {
      csvButton.disabled = false;
    }
  });

  let shown = null; // the last comparison, drawn again when hideEmpty changes
  const draw = () => {
    // A department with no episodes in either period (and nothing hidden) says nothing; hidden ones always stay.
    const empty = r => !r.first.suppressed && !r.second.suppressed && r.first.episodes === 0 && r.second.episodes === 0;
    const rows = hideEmpty.checked ? shown.rows.filter(r => !empty(r)) : shown.rows;
    const left = shown.rows.length - rows.length;
    result.replaceChildren(...[
      h('h2', null, spanLabel(shown.scope.first), ' ', T('compare.versus'), ' ', spanLabel(shown.scope.second)),
      left ? h('p', { class: 'muted', 'data-testid': 'empty-rows-note' }, T('reports.emptyRowsHidden', { n: left })) : null,
      comparisonTable(shown, rows), normsNote(shown), collateralSection(shown, rows)].filter(Boolean));
  };
  hideEmpty.addEventListener('change', () => { if (shown) draw(); });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const q = query();
    await busy(form, async () => {
      try {
        shown = await api(`/reports/outcomes/compare?${q}`);
        clearErrors(form);
        draw();
      } catch (e) {
        if (e.status !== 401) failed(form, e, result);
      }
    });
  });

  return h('section', { class: 'reports-view' }, T('compare.title', null, 'h1'), T('compare.intro', null, 'p'), form, result);
}

const spanText = span => span.split('/').map(periodText).join(' – ');

/** A difference of two shares in percentage points. */
const points = d => d && { value: d.value * 100, ciLow: d.ciLow * 100, ciHigh: d.ciHigh * 100 };

/** A period's severity-adjusted effect size: its value and CI, "withheld" over fewer than 5 episodes. */
const saes = r => r.withheld?.includes('severityAdjustedEffectSize')
  ? ta(h('span', { class: 'muted withheld' }, T('reports.withheld')), 'title', 'reports.withheldTitle')
  : withCi(r.severityAdjustedEffectSize, { digits: 2 });

function comparisonTable(report, rows) {
  const min = report.scope.minimumCellSize;
  // The severity-adjusted effect size and its Welch difference only when the instrument's model is set (the notes say why otherwise).
  const adjusted = !!report.severityAdjustment?.available;
  const perPeriod = adjusted ? 3 : 2;
  const differences = adjusted ? 4 : 3;
  const period = r => r.suppressed
    ? h('td', { colspan: perPeriod, class: 'suppressed-cell' }, hiddenText(r, min))
    : [h('td', { class: 'n' }, N(r.episodes, { digits: 0 })), h('td', { class: 'n' }, N(r.meanChange, { sign: true })),
      adjusted ? h('td', { class: 'n', 'data-testid': 'period-saes' }, saes(r)) : null];
  const d = rows.map(r => h('tr', { class: r.department ? null : 'level-total', dataset: { department: r.department ?? '' } },
    h('th', { scope: 'row' }, r.department ?? T('reports.allDepartments')),
    period(r.first), period(r.second),
    r.differences
      ? [h('td', { class: 'n' }, withCi(r.differences.meanChange, { sign: true })),
        h('td', { class: 'n' }, withCi(r.differences.effectSize, { digits: 2, sign: true })),
        h('td', { class: 'n' }, withCi(points(r.differences.reliablyImproved), { digits: 0, sign: true })),
        adjusted ? h('td', { class: 'n', 'data-testid': 'diff-saes' }, withCi(r.differences.severityAdjustedEffectSize, { digits: 2, sign: true })) : null]
      : h('td', { colspan: differences, class: 'suppressed-cell', 'data-testid': 'hidden-difference' }, T('compare.hiddenDifference'))));
  const th = (key, args, attrs) => h('th', { scope: 'col', ...attrs }, T(key, args));
  const periodHeadings = () => [th('reports.episodes', null, { class: 'n' }), th('reports.meanChange', null, { class: 'n' }),
    adjusted ? th('reports.severityAdjusted', null, { class: 'n' }) : null];
  return scrollRegion('compare.tableRegion', h('table', { class: 'report', 'data-testid': 'compare-table' },
    h('caption', { class: 'visually-hidden' }, T('compare.caption', { first: spanText(report.scope.first), second: spanText(report.scope.second) })),
    h('thead', null,
      h('tr', null, h('td'), h('th', { scope: 'colgroup', colspan: perPeriod }, T('compare.first'), ': ', spanLabel(report.scope.first)),
        h('th', { scope: 'colgroup', colspan: perPeriod }, T('compare.second'), ': ', spanLabel(report.scope.second)),
        th('compare.differences', null, { colspan: differences, scope: 'colgroup' })),
      h('tr', null, th('common.department'), periodHeadings(), periodHeadings(),
        th('reports.meanChange', null, { class: 'n' }), th('reports.effectSize', null, { class: 'n' }),
        th('compare.reliablyImprovedPoints', null, { class: 'n' }),
        adjusted ? th('compareExtra.saesDifference', null, { class: 'n' }) : null)),
    h('tbody', null, d)));
}

/**
 * The collateral ratings of both periods per department (the response's collateral section), for the departments the table
 * shows: episodes with ratings and their mean first and last collateral total; a hidden side says why, as the client rows do.
 */
function collateralSection(report, shownRows) {
  const section = report.collateral;
  if (!section) return null;
  const min = report.scope.minimumCellSize;
  const shown = new Set(shownRows.map(r => r.department ?? ''));
  const rows = section.rows.filter(r => shown.has(r.department ?? ''));
  const side = c => c.suppressed
    ? h('td', { colspan: 3, class: 'suppressed-cell' }, hiddenText(c, min))
    : [h('td', { class: 'n' }, N(c.episodes, { digits: 0 })), h('td', { class: 'n' }, N(c.meanFirst)), h('td', { class: 'n' }, N(c.meanLast))];
  const th = (key, attrs) => h('th', { scope: 'col', ...attrs }, T(key));
  const headings = () => [th('compareExtra.collateralEpisodes', { class: 'n' }), th('compareExtra.collateralFirst', { class: 'n' }),
    th('compareExtra.collateralLast', { class: 'n' })];
  return h('section', { class: 'compare-collateral', 'aria-labelledby': 'compare-collateral-heading', 'data-testid': 'compare-collateral' },
    h('h3', { id: 'compare-collateral-heading' }, T('compareExtra.collateralTitle')), T('compareExtra.collateralIntro', null, 'p'),
    scrollRegion('compareExtra.collateralRegion', h('table', { class: 'report', 'data-testid': 'compare-collateral-table' },
      h('caption', { class: 'visually-hidden' }, T('compareExtra.collateralCaption')),
      h('thead', null,
        h('tr', null, h('td'), h('th', { scope: 'colgroup', colspan: 3 }, T('compare.first'), ': ', spanLabel(report.scope.first)),
          h('th', { scope: 'colgroup', colspan: 3 }, T('compare.second'), ': ', spanLabel(report.scope.second))),
        h('tr', null, th('common.department'), headings(), headings())),
      h('tbody', null, rows.map(r => h('tr', { class: r.department ? null : 'level-total', dataset: { department: r.department ?? '' } },
        h('th', { scope: 'row' }, r.department ?? T('reports.allDepartments')), side(r.first), side(r.second)))))));
}
