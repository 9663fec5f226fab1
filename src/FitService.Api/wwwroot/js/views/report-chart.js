// Charts of the outcome report: one row per department and period, the value as a marker and its 95 % CI as a line,
// in an SVG with labelled axes and the same numbers in a table beside it. Shape (circle: group, diamond: total) and
// words (hidden, no value) carry the meaning; colour only repeats it. Redrawn when the language changes.
import { h, s } from '../dom.js';
import { N, T, t } from '../i18n.js';
import { hiddenReasons, hiddenText, periodText, scrollRegion } from './report-parts.js';

/** [key, text key, pick the {value, ciLow, ciHigh} from a shown row, a share (0–1, drawn as per cent)]. */
const changeMetrics = [
  ['effectSize', 'reports.effectSize', r => r.effectSize, false],
  ['normativeEffectSize', 'reports.normativeEffectSize', r => r.normativeEffectSize, false],
  ['severityAdjustedEffectSize', 'reports.severityAdjusted', r => r.severityAdjustedEffectSize, false],
];
const shareMetrics = [
  ['reliablyImproved', 'reports.reliablyImproved', r => r.shares.reliablyImproved, true],
  ['recovered', 'reports.recovered', r => r.shares.recovered, true],
  ['deteriorated', 'reports.deteriorated', r => r.shares.deteriorated, true],
  ['dropout', 'reports.dropout', r => r.dropout, true],
  ['dropoutBeforeTarget', 'reports.dropoutBeforeTarget', r => r.dropoutBeforeTarget, true],
];

/** The two charts (change, shares) of a report's rows, each with its metric choice and its table. */
export function reportCharts(report, rows) {
  return h('section', { class: 'report-charts', 'aria-labelledby': 'report-charts-heading' },
    h('h3', { id: 'report-charts-heading' }, T('reportChart.heading')),
    chooser('change', changeMetrics, report, rows),
    chooser('shares', shareMetrics, report, rows));
}

function chooser(name, metrics, report, rows) {
  const select = h('select', { 'data-testid': `chart-${name}-metric` },
    metrics.map(([key, label]) => h('option', { value: key }, T(label))));
  const id = `chart-${name}-metric`;
  select.id = id;
  const holder = h('div');
  const draw = () => holder.replaceChildren(figure(name, metrics.find(m => m[0] === select.value), report, rows));
  select.addEventListener('change', draw);
  draw();
  return h('div', { class: 'chart-block', 'data-testid': `chart-${name}` },
    h('div', { class: 'field' }, h('label', { for: id }, T('reportChart.metric')), select), holder);
}

const W = 720;
const M = { left: 250, right: 150, top: 12, bottom: 58 };
const ROW = 26;

/** Round steps for an axis: 1, 2 or 5 times a power of ten, about five of them. */
function ticks(low, high) {
  const raw = (high - low) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(f => f * power).find(v => v >= raw);
  const out = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

function figure(name, [key, labelKey, pick, share], report, rows) {
  const metric = t(labelKey);
  const scale = share ? 100 : 1;
  const points = rows.map(r => ({ row: r, estimate: r.suppressed ? null : pick(r) }));
  const shown = points.filter(p => p.estimate);
  let [low, high] = share ? [0, 100] : [0, 0];
  if (!share) for (const { estimate: e } of shown) [low, high] = [Math.min(low, e.ciLow), Math.max(high, e.ciHigh)];
  if (!share) [low, high] = high - low < 1e-9 ? [-1, 1] : [low - (high - low) * 0.05, high + (high - low) * 0.05];
  const axis = ticks(low, high);
  [low, high] = [Math.min(low, axis[0]), Math.max(high, axis[axis.length - 1])];
  const plotW = W - M.left - M.right;
  const H = M.top + Math.max(1, rows.length) * ROW + M.bottom;
  const x = v => M.left + ((v * scale - low) / (high - low)) * plotW;
  const y = i => M.top + i * ROW + ROW / 2;
  const number = v => N(v * scale, { digits: share ? 0 : 2 }).textContent;
  const titleId = `chart-${name}-title`;
  const descId = `chart-${name}-desc`;

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart report-chart', role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    'data-testid': `chart-${name}-svg`, 'data-metric': key });
  const title = s('title', { id: titleId });
  title.textContent = t('reportChart.title', { metric });
  const desc = s('desc', { id: descId });
  desc.textContent = points.map(p => `${groupText(p.row)}: ${p.row.suppressed ? t('reportChart.hidden')
    : p.estimate ? `${number(p.estimate.value)} (${number(p.estimate.ciLow)}–${number(p.estimate.ciHigh)})` : t('reportChart.noValue')}`).join('; ');
  svg.append(title, desc);

  for (const v of axis) {
    svg.append(s('line', { x1: x(v / scale), x2: x(v / scale), y1: M.top, y2: H - M.bottom, class: v === 0 ? 'grid zero' : 'grid' }),
      text(share ? `${v}` : N(v, { digits: Math.abs(v) < 1 && v !== 0 ? 1 : 0 }).textContent,
        { x: x(v / scale), y: H - M.bottom + 16, class: 'tick', 'text-anchor': 'middle' }));
  }
  svg.append(s('line', { x1: M.left, x2: M.left + plotW, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }),
    s('line', { x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom, class: 'axis' }),
    text(t(share ? 'reportChart.axisPercent' : 'reportChart.axisValue', { metric }),
      { x: M.left + plotW / 2, y: H - 10, class: 'axis-title', 'text-anchor': 'middle', 'data-testid': `chart-${name}-x-axis` }),
    text(t('reportChart.axisGroups'), { x: 4, y: H - 10, class: 'axis-title', 'data-testid': `chart-${name}-y-axis` }));

  points.forEach(({ row, estimate }, i) => {
    const total = row.level !== 'cell';
    const g = s('g', { class: `chart-row${row.suppressed ? ' hidden-row' : ''}`, 'data-level': row.level, 'data-department': row.department ?? '',
      'data-period': row.period ?? '', 'data-state': row.suppressed ? 'hidden' : estimate ? 'shown' : 'none' });
    g.append(text(groupText(row), { x: M.left - 8, y: y(i) + 4, class: total ? 'group total' : 'group', 'text-anchor': 'end' }));
    if (row.suppressed) {
      g.append(text(hiddenWords(row, report), { x: M.left + 8, y: y(i) + 4, class: 'hidden-label' }));
    } else if (!estimate) {
      g.append(text(t(row.withheld?.length ? 'reports.withheld' : 'reportChart.noValue'), { x: M.left + 8, y: y(i) + 4, class: 'hidden-label' }));
    } else {
      const [cx, lo, hi] = [x(estimate.value), x(estimate.ciLow), x(estimate.ciHigh)];
      g.append(s('line', { x1: lo, x2: hi, y1: y(i), y2: y(i), class: 'ci-line' }),
        s('line', { x1: lo, x2: lo, y1: y(i) - 5, y2: y(i) + 5, class: 'ci-line' }),
        s('line', { x1: hi, x2: hi, y1: y(i) - 5, y2: y(i) + 5, class: 'ci-line' }),
        total
          ? s('path', { d: `M${cx} ${y(i) - 7}L${cx + 7} ${y(i)}L${cx} ${y(i) + 7}L${cx - 7} ${y(i)}Z`, class: 'marker total' })
          : s('circle', { cx, cy: y(i), r: 5.5, class: 'marker' }),
        text(`${number(estimate.value)} (${number(estimate.ciLow)}–${number(estimate.ciHigh)})`,
          { x: M.left + plotW + 8, y: y(i) + 4, class: 'value-label' }));
    }
    svg.append(g);
  });

  const legend = h('ul', { class: 'legend' },
    h('li', null, symbol('circle'), T('reportChart.cell')), h('li', null, symbol('diamond'), T('reportChart.total')),
    h('li', null, symbol('line'), T('reportChart.ci')));
  const fig = h('figure', { class: 'chart-figure report-chart-figure' }, scrollRegion('reportChart.region', svg, 'chart-scroll'),
    h('figcaption', null, legend), dataTable(name, points, report, number));
  // The SVG's words are drawn once; a language switch draws the figure again.
  const observer = new MutationObserver(() => {
    if (!fig.isConnected) return observer.disconnect();
    observer.disconnect();
    fig.replaceWith(figure(name, [key, labelKey, pick, share], report, rows));
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  return fig;
}

function text(content, attrs) {
  const el = s('text', attrs);
  el.textContent = content;
  return el;
}

/** A legend's shape, drawn the way the chart draws it. */
function symbol(shape) {
  const svg = s('svg', { width: 22, height: 14, viewBox: '0 0 22 14', 'aria-hidden': 'true', class: 'legend-symbol' });
  svg.append(shape === 'circle' ? s('circle', { cx: 11, cy: 7, r: 5, class: 'marker' })
    : shape === 'diamond' ? s('path', { d: 'M11 0L18 7L11 14L4 7Z', class: 'marker total' })
      : s('line', { x1: 1, x2: 21, y1: 7, y2: 7, class: 'ci-line' }));
  return svg;
}

const groupText = r => `${r.department ?? t('reports.allDepartments')} · ${periodText(r.period)}`;
const hiddenWords = (row, report) => t((hiddenReasons[row.hiddenBecause] ?? hiddenReasons.notSaid).text, { n: report.scope.minimumCellSize });

/** The chart's numbers as a table: the same rows, hidden ones with their reason. */
function dataTable(name, points, report, number) {
  return scrollRegion('reportChart.tableCaption', h('table', { class: 'report chart-data', 'data-testid': `chart-${name}-table` },
    h('caption', null, T('reportChart.tableCaption')),
    h('thead', null, h('tr', null, ['reportChart.group', 'reportChart.value', 'reportChart.ciLow', 'reportChart.ciHigh']
      .map((k, i) => h('th', { scope: 'col', class: i ? 'n' : null }, T(k))))),
    h('tbody', null, points.map(({ row, estimate }) => h('tr', { dataset: { department: row.department ?? '', period: row.period ?? '', level: row.level } },
      h('th', { scope: 'row' }, groupText(row)),
      row.suppressed
        ? h('td', { colspan: 3, class: 'suppressed-cell' }, hiddenText(row, report.scope.minimumCellSize))
        : estimate
          ? [estimate.value, estimate.ciLow, estimate.ciHigh].map(v => h('td', { class: 'n' }, number(v)))
          : h('td', { colspan: 3, class: 'muted' }, T(row.withheld?.length ? 'reports.withheld' : 'reportChart.noValue')))))));
}
