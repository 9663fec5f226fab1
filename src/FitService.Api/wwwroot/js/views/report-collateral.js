// The outcomes report's collateral section: ratings of the client by a parent, partner, teacher or other person close
// to them, apart from the client figures, for the groups the client table shows. A hidden group says why, as there.
import { h } from '../dom.js';
import { N, T } from '../i18n.js';
import { hiddenText, periodLabel, scrollRegion } from './report-parts.js';

const key = r => `${r.level}|${r.department ?? ''}|${r.period ?? ''}`;

/** The section, or null when the report has none or no group the table shows has a collateral row. */
export function reportCollateral(report, shownRows) {
  const section = report.collateral;
  if (!section) return null;
  const min = report.scope.minimumCellSize;
  const shown = new Set(shownRows.map(key));
  const rows = section.rows.filter(r => shown.has(key(r)));
  if (!rows.length) return null;
  const th = (textKey, attrs) => h('th', { scope: 'col', ...attrs }, T(textKey));
  return h('section', { class: 'report-collateral', 'aria-labelledby': 'report-collateral-heading', 'data-testid': 'report-collateral' },
    h('h3', { id: 'report-collateral-heading' }, T('compareExtra.collateralTitle')), T('compareExtra.collateralIntro', null, 'p'),
    scrollRegion('compareExtra.collateralRegion', h('table', { class: 'report', 'data-testid': 'report-collateral-table' },
      h('caption', { class: 'visually-hidden' }, T('reportCollateral.caption')),
      h('thead', null, h('tr', null, th('common.department'), th('reports.period'), th('compareExtra.collateralEpisodes', { class: 'n' }),
        th('compareExtra.collateralFirst', { class: 'n' }), th('compareExtra.collateralLast', { class: 'n' }))),
      h('tbody', null, rows.map(r => h('tr', { class: `level-${r.level}${r.suppressed ? ' suppressed' : ''}`,
        dataset: { level: r.level, department: r.department ?? '', period: r.period ?? '' } },
        h('th', { scope: 'row' }, r.department ?? T('reports.allDepartments')),
        h('td', { class: 'period' }, periodLabel(r.period)),
        r.suppressed
          ? h('td', { colspan: 3, class: 'suppressed-cell' }, hiddenText(r, min))
          : [h('td', { class: 'n' }, N(r.episodes, { digits: 0 })), h('td', { class: 'n' }, N(r.meanFirst)),
            h('td', { class: 'n' }, N(r.meanLast))]))))));
}
