// The trajectory as an inline SVG line chart: outcome totals per session, the clinical cutoff, the band of
// the reliable-change threshold around the intake, and the alliance series with its cutoff (36 for SRS).
import { h, s } from './dom.js';
import { T, t } from './i18n.js';

const W = 640;
const H = 300;
const M = { left: 40, right: 92, top: 14, bottom: 44 };
const plotW = W - M.left - M.right;
const plotH = H - M.top - M.bottom;

const scaleMax = instrument => instrument ? instrument.items.reduce((sum, i) => sum + Number(i.max), 0) : 0;

/** SVG text that follows the language toggle. */
function label(key, args, attrs) {
  const el = s('text', { ...attrs, 'data-t': key, 'data-args': args ? JSON.stringify(args) : null });
  el.textContent = t(key, args);
  return el;
}

const fmt = v => String(v).replace('.', document.documentElement.lang === 'en' ? '.' : ',');

export function trajectoryChart(episode, outcome, alliance) {
  const points = episode.trajectory;
  const max = Math.max(scaleMax(outcome), scaleMax(alliance)) || 40;
  const lastSession = Math.max(6, ...points.map(p => p.session));
  const x = session => M.left + ((session - 1) / (lastSession - 1)) * plotW;
  const y = value => M.top + plotH * (1 - Math.min(Math.max(value, 0), max) / max);
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': 'chart-title chart-desc',
    'data-testid': 'trajectory-chart',
  });
  const title = s('title', { id: 'chart-title', 'data-t': 'chart.title' });
  title.textContent = t('chart.title');
  const desc = s('desc', { id: 'chart-desc' });
  desc.textContent = points.map(p => `${p.session}: ${fmt(p.outcome)}${p.alliance != null ? ` / ${fmt(p.alliance)}` : ''}`).join('; ');
  svg.append(title, desc);

  // Grid and axes.
  const step = max / 4;
  for (let v = 0; v <= max + 1e-9; v += step) {
    svg.append(s('line', { x1: M.left, x2: M.left + plotW, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: M.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, String(Math.round(v))));
  }
  for (let session = 1; session <= lastSession; session++)
    svg.append(s('text', { x: x(session), y: M.top + plotH + 16, class: 'tick', 'text-anchor': 'middle' }, String(session)));
  svg.append(label('chart.session', null, { x: M.left + plotW / 2, y: H - 6, class: 'axis-title', 'text-anchor': 'middle' }));

  // Reliable-change band: a later score outside it has changed reliably from the intake.
  const intake = episode.intakeTotal;
  const rc = episode.outcomeInstrument.reliableChangeThreshold;
  if (intake != null && rc != null) {
    const top = y(intake + rc);
    svg.append(s('rect', { x: M.left, width: plotW, y: top, height: y(intake - rc) - top, class: 'rc-band', 'data-testid': 'rc-band' },
      s('title', null, `${t('chart.band')} ${fmt(intake)} ± ${fmt(rc)}`)));
  }

  const cutoffLine = (value, cls, key, code) => {
    if (value == null) return;
    svg.append(s('line', { x1: M.left, x2: M.left + plotW, y1: y(value), y2: y(value), class: `cutoff ${cls}`, 'data-value': value }),
      label(key, { code, value: fmt(value) }, { x: M.left + plotW + 6, y: y(value) + 4, class: `cutoff-label ${cls}` }));
  };
  cutoffLine(episode.outcomeInstrument.clinicalCutoff, 'cutoff-outcome', 'chart.cutoff', episode.outcomeInstrument.code);
  cutoffLine(episode.allianceInstrument?.clinicalCutoff ?? (alliance ? 36 : null), 'cutoff-alliance', 'chart.cutoff',
    episode.allianceInstrument?.code);

  const series = (values, cls, marker) => {
    const present = points.filter(p => values(p) != null);
    if (present.length > 1)
      svg.append(s('polyline', { points: present.map(p => `${x(p.session)},${y(values(p))}`).join(' '), class: `series ${cls}` }));
    for (const p of present) {
      const v = values(p);
      const tip = s('title', null, `${t('chart.sessionN', { n: p.session })} (${p.date}): ${fmt(v)}`);
      svg.append(marker === 'circle'
        ? s('circle', { cx: x(p.session), cy: y(v), r: 5, class: `point ${cls}`, 'data-session': p.session, 'data-value': v }, tip)
        : s('rect', { x: x(p.session) - 4, y: y(v) - 4, width: 8, height: 8, class: `point ${cls}`, 'data-session': p.session, 'data-value': v }, tip));
    }
  };
  series(p => p.alliance, 'point-alliance series-alliance', 'square');
  series(p => p.outcome, 'point-outcome series-outcome', 'circle');

  const legend = h('ul', { class: 'legend' },
    h('li', null, h('span', { class: 'swatch swatch-outcome', 'aria-hidden': 'true' }), episode.outcomeInstrument.code, ' ', T('chart.totals')),
    alliance ? h('li', null, h('span', { class: 'swatch swatch-alliance', 'aria-hidden': 'true' }), episode.allianceInstrument.code, ' ', T('chart.totals')) : null,
    h('li', null, h('span', { class: 'swatch swatch-cutoff', 'aria-hidden': 'true' }), T('chart.cutoffLegend')),
    rc != null ? h('li', null, h('span', { class: 'swatch swatch-band', 'aria-hidden': 'true' }), T('chart.bandLegend', { rc: fmt(rc) })) : null);
  return h('figure', { class: 'chart-figure' }, svg, h('figcaption', null, legend));
}
