// The evaluator's outcome report: months, grouping, instrument and age band in; an accessible table and a CSV out.
import { api, cached, download } from '../api.js';
import { h } from '../dom.js';
import { busy, clearErrors, errorSummary, field, showProblem } from '../forms.js';
import { T } from '../i18n.js';
import { ageBandSelect, csvLanguageSelect, dictionaryButton, instrumentSelect, monthInput, normsNote, outcomeTable, reportRoles,
  spanLabel } from './report-parts.js';
import { reportCharts } from './report-chart.js';
import { reportCollateral } from './report-collateral.js';
import { reportGoals } from './report-goals.js';

const periods = ['month', 'quarter', 'halfyear', 'year'];

export async function reports({ user }) {
  if (!reportRoles.has(user.role)) return h('section', null, T('reports.title', null, 'h1'), T('reports.evaluatorsOnly', null, 'p'));
  const [instruments, allDepartments] = await Promise.all([cached('/instruments'), api('/departments')]);
  const year = new Date().getFullYear() - 1;
  const from = monthInput(`${year}-01`);
  const to = monthInput(`${year}-12`);
  const byDepartment = h('input', { type: 'checkbox', id: 'report-by-department', checked: true });
  const period = h('select', null, h('option', { value: '' }, T('reports.noPeriod')),
    periods.map(p => h('option', { value: p, selected: p === 'quarter' }, T(`period.${p}`))));
  const instrument = instrumentSelect(instruments);
  const ageBand = ageBandSelect();
  // Which departments to show (none chosen: all). Hiding is decided over every department, so a filter hides nothing else.
  const departments = h('select', { multiple: true, size: Math.min(6, Math.max(2, allDepartments.length)), 'data-testid': 'department-filter' },
    allDepartments.map(d => h('option', { value: d.code }, `${d.code} – ${d.name}`)));
  // Many departments have no episodes in a span: their rows are left out unless asked for (hidden rows always stay).
  const hideEmpty = h('input', { type: 'checkbox', id: 'report-hide-empty', checked: true, 'data-testid': 'hide-empty' });
  const csvLanguage = csvLanguageSelect();
  const result = h('div', { class: 'report-result', 'aria-live': 'polite' });
  const csvButton = h('button', { type: 'button', 'data-testid': 'download-csv' }, T('reports.downloadCsv'));

  const form = h('form', { class: 'report-form card', novalidate: true, 'data-testid': 'report-form' },
    errorSummary(),
    h('div', { class: 'form-row' },
      field({ name: 'from', label: T('reports.from'), input: from, hint: T('reports.monthHint') }),
      field({ name: 'to', label: T('reports.to'), input: to, hint: T('reports.monthHint') }),
      field({ name: 'instrument', label: T('common.instrument'), input: instrument }),
      field({ name: 'ageBand', label: [T('reports.ageBand'), ' ', T('common.optional')], input: ageBand }),
      field({ name: 'departments', label: [T('reports.departmentFilter'), ' ', T('common.optional')], input: departments,
        hint: T('reports.departmentFilterHint') })),
    h('fieldset', { class: 'grouping' },
      h('legend', null, T('reports.groupBy')),
      h('div', { class: 'form-row' },
        h('label', { class: 'check', for: byDepartment.id }, byDepartment, ' ', T('common.department')),
        field({ name: 'groupBy', label: T('reports.period'), input: period }),
        h('label', { class: 'check', for: hideEmpty.id }, hideEmpty, ' ', T('reports.hideEmpty')))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, T('reports.show')),
      field({ name: 'lang', label: T('reports.csvLanguage'), input: csvLanguage }),
      csvButton,
      dictionaryButton(csvLanguage, e => failed(form, e, result)),
      h('a', { href: '#/reports/compare', class: 'button' }, T('compare.link'))));

  const query = () => {
    const q = new URLSearchParams({ from: from.value.trim(), to: to.value.trim(),
      groupBy: [byDepartment.checked ? 'department' : null, period.value || null].filter(Boolean).join(','),
      instrument: instrument.value });
    if (ageBand.value) q.set('ageBand', ageBand.value);
    const chosen = [...departments.selectedOptions].map(o => o.value);
    if (chosen.length) q.set('departments', chosen.join(','));
    return q;
  };

  let shown = null; // the last report and the departments it was asked for, drawn again when hideEmpty changes
  const draw = async () => {
    const { report, chosen } = shown;
    const rows = hideEmpty.checked ? report.rows.filter(r => r.suppressed || r.episodes > 0) : report.rows;
    const left = report.rows.length - rows.length;
    const goals = await reportGoals(report, chosen);
    result.replaceChildren(...[
      h('h2', null, report.instrument, ', ', spanLabel(report.scope.from, report.scope.to)),
      left ? h('p', { class: 'muted', 'data-testid': 'empty-rows-note' }, T('reports.emptyRowsHidden', { n: left })) : null,
      outcomeTable(report, rows),
      normsNote(report),
      reportCharts(report, rows),
      reportCollateral(report, rows),
      goals].filter(Boolean)); // replaceChildren would write a null as the text "null"
  };
  hideEmpty.addEventListener('change', () => { if (shown) draw(); });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    await busy(form, async () => {
      try {
        const report = await api(`/reports/outcomes?${query()}`);
        clearErrors(form);
        shown = { report, chosen: [...departments.selectedOptions].map(o => o.value) };
        await draw();
      } catch (e) {
        if (e.status !== 401) failed(form, e, result);
      }
    });
  });

  csvButton.addEventListener('click', async () => {
    csvButton.disabled = true;
    try {
      const q = query();
      q.set('format', 'csv');
      q.set('lang', csvLanguage.value);
      await download(`/reports/outcomes?${q}`, 'fitservice-outcomes.csv');
      clearErrors(form);
    } catch (e) {
      if (e.status !== 401) failed(form, e, result);
    } finally {
      csvButton.disabled = false;
    }
  });

  return h('section', { class: 'reports-view' }, T('reports.title', null, 'h1'), T('reports.intro', null, 'p'), form, result);
}

/** The server's field errors next to the fields (groupBy under the period); an old result goes. */
export function failed(form, error, result) {
  result.replaceChildren();
  showProblem(form, error);
}
