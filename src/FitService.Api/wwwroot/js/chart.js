// The episode's graphs as inline SVG. The outcome per session with its date, the cutoff for the client's age, and
// either the expected trajectory's zones (green / orange / red, when a calibrated trajectory judged the status) or the
// band of the reliable-change threshold around the intake (under the session rules); ratings by a relation
// (collateral) as their own dashed lines. The alliance in a panel of its own below, with its cutoff (36 for SRS).
// Colour is never the only signal: zones carry a pattern and their name, and every number is in the table beside it.
import { h, s } from './dom.js';
import { both, t } from './i18n.js';

const W = 640;
const M = { left: 48, right: 96, top: 14, bottom: 52 };
const plotW = W - M.left - M.right;
const ZONES = ['green', 'orange', 'red'];
const MONTHS_NB = ['jan', 'feb', 'mar', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'des'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const scaleMax = instrument => instrument ? instrument.items.reduce((sum, i) => sum + Number(i.max), 0) : 40;
const scaleMin = instrument => instrument ? instrument.items.reduce((sum, i) => sum + Number(i.min), 0) : 0;

/** A number as both languages write it, for texts whose arguments must survive the language toggle. */
export const numArgs = (name, value) => ({
  [`${name}Nb`]: String(value).replace('.', ','), [`${name}En`]: String(value),
});

/** A relation's name in both languages (parent, partner, teacher, other), as text arguments. */
export const relationArgs = relation => {
  const [nb, en] = both(`feedback.relation.${relation}`);
  return { relNb: nb, relEn: en };
};

/** "6. jan" / "6 Jan" from yyyy-mm-dd, as arguments of feedback.date. */
export const dateArgs = iso => ({ d: Number(iso.slice(8, 10)), nb: MONTHS_NB[Number(iso.slice(5, 7)) - 1], en: MONTHS_EN[Number(iso.slice(5, 7)) - 1] });

/** SVG text that follows the language toggle. */
function label(key, args, attrs) {
  const el = s('text', { ...attrs, 'data-t': key, 'data-args': args ? JSON.stringify(args) : null });
  el.textContent = t(key, args);
  return el;
}

/** The cutoff's text: its value and the client's age band. */
export function cutoffArgs(instrument) {
  // A cutoff for every age (SRS: 0 and older) needs no age band in words.
  const ages = instrument.cutoffAges?.minAge > 0 || instrument.cutoffAges?.maxAge != null ? instrument.cutoffAges : null;
  const key = !ages ? 'feedback.cutoffPlain' : ages.maxAge == null ? 'feedback.cutoffFrom' : 'feedback.cutoffBetween';
  return [key, { code: instrument.code, ...numArgs('value', instrument.clinicalCutoff), min: ages?.minAge, max: ages?.maxAge }];
}

/** The next session's number while the episode is open (where the next score will go), else null. */
export const nextSession = episode => episode.endedOn ? null : Math.max(0, ...episode.trajectory.map(p => p.session)) + 1;

/** The sessions the axis spans: every rated session and the next while open, the expected band's, and collateral's. */
export function sessionSpan(episode) {
  const sessions = [
    ...episode.trajectory.map(p => p.session), nextSession(episode) ?? 0,
    ...(episode.expectedBand?.points ?? []).map(p => p.session),
    ...(episode.collateral ?? []).map(c => c.sessionNumber),
  ];
  return Math.max(2, ...sessions);
}

/** The collateral ratings by relation, in the order the relations first appear. */
export function collateralByRelation(episode) {
  const groups = new Map();
  for (const c of episode.collateral ?? []) {
    if (!groups.has(c.relation)) groups.set(c.relation, []);
    groups.get(c.relation).push(c);
  }
  for (const list of groups.values()) list.sort((a, b) => a.sessionNumber - b.sessionNumber);
  return groups;
}

function frame({ height, last, min, max, titleKey, titleArgs, descKey, descArgs, testId, className }) {
  const plotH = height - M.top - M.bottom;
  const cell = plotW / last;
  const x = session => M.left + (session - 0.5) * cell;
  const y = value => M.top + plotH * (1 - (Math.min(Math.max(value, min), max) - min) / (max - min));
  const id = `${testId}-title`;
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${height}`, class: `chart ${className}`, role: 'img', 'aria-labelledby': `${id} ${testId}-desc`, 'data-testid': testId,
  });
  const title = s('title', { id, 'data-t': titleKey, 'data-args': JSON.stringify(titleArgs) });
  title.textContent = t(titleKey, titleArgs);
  const desc = s('desc', { id: `${testId}-desc`, 'data-t': descKey, 'data-args': JSON.stringify(descArgs) });
  desc.textContent = t(descKey, descArgs);
  svg.append(title, desc);
  return { svg, x, y, cell, plotH };
}

function axes(svg, { x, y, plotH, last, min, max, dates, next }) {
  // Whole-number steps: 10 on a 0–40 scale, 2 on YCORS's 0–10.
  const step = max - min > 20 ? 10 : max - min > 10 ? 5 : 2;
  for (let v = min; v <= max + 1e-9; v += step)
    svg.append(s('line', { x1: M.left, x2: M.left + plotW, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: M.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, String(Math.round(v))));
  svg.append(s('line', { x1: M.left, x2: M.left, y1: M.top, y2: M.top + plotH, class: 'axis' }),
    s('line', { x1: M.left, x2: M.left + plotW, y1: M.top + plotH, y2: M.top + plotH, class: 'axis' }));
  // Thin the labels on a long episode so that they never overlap (about 14 fit).
  const every = Math.ceil(last / 14);
  const ticks = s('g', { class: 'session-ticks', 'data-testid': 'session-ticks' });
  for (let session = 1; session <= last; session++) {
    // The last session always has its label; a regular one too close to it gives way.
    if (session !== last && ((session - 1) % every !== 0 || last - session < every)) continue;
    const tick = s('g', { class: 'session-tick', 'data-session': session });
    tick.append(s('text', { x: x(session), y: M.top + plotH + 15, class: 'tick', 'text-anchor': 'middle' }, String(session)));
    if (dates?.has(session))
      tick.append(label('feedback.date', dateArgs(dates.get(session)), { x: x(session), y: M.top + plotH + 29, class: 'tick date-tick', 'text-anchor': 'middle' }));
    else if (next === session)
      tick.append(label('feedback.next', null, { x: x(session), y: M.top + plotH + 29, class: 'tick date-tick', 'text-anchor': 'middle' }));
    ticks.append(tick);
  }
  svg.append(ticks,
    label(dates ? 'feedback.axisSession' : 'chart.session', null, { x: M.left + plotW / 2, y: M.top + plotH + 46, class: 'axis-title', 'text-anchor': 'middle' }),
    label('feedback.axisTotal', null, { x: 12, y: M.top + plotH / 2, class: 'axis-title', 'text-anchor': 'middle', transform: `rotate(-90 12 ${M.top + plotH / 2})` }));
}

/** Patterns for the orange and red zones, so that the zones differ without colour too. */
function zonePatterns() {
  return s('defs', null,
    s('pattern', { id: 'zone-pattern-orange', width: 8, height: 8, patternUnits: 'userSpaceOnUse' },
      s('rect', { width: 8, height: 8, class: 'zone-fill-orange' }), s('circle', { cx: 4, cy: 4, r: 1.1, class: 'zone-mark-orange' })),
    s('pattern', { id: 'zone-pattern-red', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 8, height: 8, class: 'zone-fill-red' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 8, class: 'zone-mark-red' })));
}

/** The expected zones per session and the median's line; returns the zones' names for the margin. */
function zones(svg, episode, { x, y, cell, min, max }) {
  const band = episode.expectedBand;
  const better = episode.outcomeInstrument.higherIsBetter;
  const layer = s('g', { class: 'zones', 'data-testid': 'expected-zones' });
  for (const p of band.points) {
    const spans = { green: [p.expected, better ? max : min], orange: [p.bound, p.expected], red: [better ? min : max, p.bound] };
    for (const zone of ZONES) {
      const [a, b] = spans[zone];
      const top = Math.min(y(a), y(b));
      layer.append(s('rect', {
        x: x(p.session) - cell / 2, width: cell, y: top, height: Math.abs(y(a) - y(b)), class: `zone zone-${zone}`,
        fill: zone === 'green' ? null : `url(#zone-pattern-${zone})`, 'data-session': p.session, 'data-zone': zone,
      }));
    }
  }
  const expected = band.points.flatMap(p => [`${x(p.session) - cell / 2},${y(p.expected)}`, `${x(p.session) + cell / 2},${y(p.expected)}`]);
  layer.append(s('polyline', { points: expected.join(' '), class: 'expected-line' }));
  svg.append(layer);
  // The zones' names beside the last session's column.
  const lastPoint = band.points[band.points.length - 1];
  const spans = { green: [lastPoint.expected, better ? max : min], orange: [lastPoint.bound, lastPoint.expected], red: [better ? min : max, lastPoint.bound] };
  return ZONES.map(zone => ({
    at: (y(spans[zone][0]) + y(spans[zone][1])) / 2,
    lines: [{ key: `feedback.zoneShort.${zone}`, attrs: { class: `zone-label zone-label-${zone}`, 'data-zone': zone } }],
  }));
}

function series(svg, points, { x, y, cls, marker, tip, attrs, lineAttrs }) {
  if (points.length > 1)
    svg.append(s('polyline', { points: points.map(p => `${x(p.session)},${y(p.value)}`).join(' '), class: `series series-${cls}`, ...lineAttrs }));
  for (const p of points) {
    const title = s('title', null, tip(p));
    const common = { class: `point point-${cls}`, 'data-session': p.session, 'data-value': p.value, ...attrs?.(p) };
    const cx = x(p.session), cy = y(p.value);
    svg.append(marker === 'circle' ? s('circle', { cx, cy, r: 5, ...common }, title)
      : marker === 'diamond' ? s('polygon', { points: `${cx},${cy - 6} ${cx + 6},${cy} ${cx},${cy + 6} ${cx - 6},${cy}`, ...common }, title)
        : s('rect', { x: cx - 4, y: cy - 4, width: 8, height: 8, ...common }, title));
  }
}

/** The cutoff's line, and its label for the margin: the value, and the client's age band on a second line. */
function cutoffLine(svg, instrument, fallback, cls, { y }) {
  const value = instrument?.clinicalCutoff ?? fallback;
  if (value == null) return [];
  svg.append(s('line', { x1: M.left, x2: M.left + plotW, y1: y(value), y2: y(value), class: `cutoff ${cls}`, 'data-value': value }));
  const [key, args] = cutoffArgs({ ...instrument, clinicalCutoff: value });
  const lines = [{ key: 'feedback.cutoffPlain', args: { code: instrument.code, ...numArgs('value', value) }, attrs: { class: `cutoff-label ${cls}` } }];
  if (key !== 'feedback.cutoffPlain')
    lines.push({ key: args.max == null ? 'feedback.agesFrom' : 'feedback.agesBetween', args, attrs: { class: `cutoff-ages ${cls}` } });
  return [{ at: y(value), lines }];
}

/** Labels in the right margin (zone names, cutoffs), each as near its line as the ones above it allow. */
function marginLabels(svg, requests) {
  let bottom = -Infinity;
  for (const request of requests.sort((a, b) => a.at - b.at)) {
    const height = 13 * request.lines.length;
    const top = Math.max(request.at - height / 2, bottom + 1);
    request.lines.forEach((line, i) =>
      svg.append(label(line.key, line.args, { x: M.left + plotW + 6, y: top + 10 + 13 * i, ...line.attrs })));
    bottom = top + height;
  }
}

/** The outcome graph: zones or reliable-change band, cutoff, the client's line and any relation's line. */
export function outcomeChart(episode, outcome) {
  const points = episode.trajectory.map(p => ({ session: p.session, date: p.date, value: p.outcome }));
  const last = sessionSpan(episode);
  const [min, max] = [scaleMin(outcome), scaleMax(outcome)];
  const code = episode.outcomeInstrument.code;
  const descArgs = { code, n: points.length, first: points[0]?.date ?? '', last: points[points.length - 1]?.date ?? '' };
  const f = frame({
    height: 320, last, min, max, titleKey: 'feedback.outcomeChart', titleArgs: { code }, descKey: 'feedback.outcomeDesc', descArgs,
    testId: 'outcome-chart', className: 'chart-outcome',
  });
  const ctx = { ...f, last, min, max };
  const dates = new Map(points.map(p => [p.session, p.date]));
  for (const c of episode.collateral ?? []) if (!dates.has(c.sessionNumber)) dates.set(c.sessionNumber, c.date);
  const next = nextSession(episode);
  f.svg.append(zonePatterns());
  const margin = episode.expectedBand?.points?.length ? zones(f.svg, episode, ctx) : [];
  axes(f.svg, { ...ctx, dates, next });
  const intake = episode.intakeTotal;
  const rc = episode.outcomeInstrument.reliableChangeThreshold;
  if (!episode.expectedBand && intake != null && rc != null) {
    const top = f.y(intake + rc);
    f.svg.append(s('rect', { x: M.left, width: plotW, y: top, height: f.y(intake - rc) - top, class: 'rc-band', 'data-testid': 'rc-band' },
      s('title', null, `${t('chart.band')} ${intake} ± ${rc}`)));
  }
  margin.push(...cutoffLine(f.svg, episode.outcomeInstrument, null, 'cutoff-outcome', ctx));
  const zoneOf = new Map((episode.expectedBand?.points ?? []).map(p => [p.session, p.zone]));
  for (const [relation, list] of collateralByRelation(episode)) {
    series(f.svg, list.map(c => ({ session: c.sessionNumber, date: c.date, value: c.total })), {
      ...ctx, cls: 'collateral', marker: 'diamond', attrs: () => ({ 'data-relation': relation }), lineAttrs: { 'data-relation': relation },
      tip: p => `${t('feedback.collateral', { code, ...relationArgs(relation) })}, ${t('chart.sessionN', { n: p.session })} (${p.date}): ${p.value}`,
    });
    const end = list[list.length - 1];
    f.svg.append(label(`feedback.relation.${relation}`, null, { x: f.x(end.sessionNumber) + 8, y: f.y(end.total) + 14, class: 'collateral-label', 'data-relation': relation }));
  }
  marginLabels(f.svg, margin);
  series(f.svg, points, {
    ...ctx, cls: 'outcome', marker: 'circle', attrs: p => ({ 'data-zone': zoneOf.get(p.session) }),
    tip: p => `${t('chart.sessionN', { n: p.session })} (${p.date}): ${p.value}${zoneOf.get(p.session) ? ` – ${t(`feedback.zone.${zoneOf.get(p.session)}`, { p: boundPercent(episode) })}` : ''}`,
  });
  return f.svg;
}

/** The alliance panel on the same session axis, with its cutoff (36 for SRS when the instrument has none). */
export function allianceChart(episode, alliance) {
  const points = episode.trajectory.filter(p => p.alliance != null).map(p => ({ session: p.session, date: p.date, value: p.alliance }));
  if (!episode.allianceInstrument || !points.length) return null;
  const last = sessionSpan(episode);
  const [min, max] = [scaleMin(alliance), scaleMax(alliance)];
  const code = episode.allianceInstrument.code;
  const cutoff = episode.allianceInstrument.clinicalCutoff ?? 36;
  const f = frame({
    height: 190, last, min, max, titleKey: 'feedback.allianceChart', titleArgs: { code },
    descKey: 'feedback.allianceDesc', descArgs: { code, n: points.length, ...numArgs('cutoff', cutoff) }, testId: 'alliance-chart', className: 'chart-alliance',
  });
  const ctx = { ...f, last, min, max };
  axes(f.svg, ctx);
  marginLabels(f.svg, cutoffLine(f.svg, episode.allianceInstrument, 36, 'cutoff-alliance', ctx));
  series(f.svg, points, {
    ...ctx, cls: 'alliance', marker: 'square', attrs: p => ({ 'data-below': p.value < cutoff ? 'true' : null }),
    tip: p => `${code}, ${t('chart.sessionN', { n: p.session })} (${p.date}): ${p.value}`,
  });
  return f.svg;
}

export const boundPercent = episode => Math.round((episode.expectedBand?.boundQuantile ?? 0.25) * 100);

const swatch = (cls, content) => s('svg', { class: `swatch-svg ${cls}`, viewBox: '0 0 28 12', width: 28, height: 12, 'aria-hidden': 'true' }, content);
const item = (mark, key, args, attrs) => {
  const text = h('span', { 'data-t': key, 'data-args': args ? JSON.stringify(args) : null }, t(key, args));
  return h('li', attrs, mark, text);
};

/** The legend: every line, zone and band in words, each with its own mark. */
export function legend(episode) {
  const code = episode.outcomeInstrument.code;
  const p = boundPercent(episode);
  const [cutoffKey, cutoffArgsValue] = cutoffArgs(episode.outcomeInstrument);
  const rc = episode.outcomeInstrument.reliableChangeThreshold;
  return h('ul', { class: 'legend', 'data-testid': 'chart-legend' },
    item(swatch('', [s('line', { x1: 0, y1: 6, x2: 28, y2: 6, class: 'mark mark-line-outcome' }), s('circle', { cx: 14, cy: 6, r: 4, class: 'mark mark-point-outcome' })]),
      'feedback.clientLegend', { code }),
    [...collateralByRelation(episode).keys()].map(relation => item(
      swatch('', [s('line', { x1: 0, y1: 6, x2: 28, y2: 6, class: 'mark mark-line-collateral', 'data-relation': relation }), s('polygon', { points: '14,1 19,6 14,11 9,6', class: 'mark mark-point-collateral' })]),
      'feedback.collateralLegend', { code, ...relationArgs(relation) }, { 'data-relation': relation })),
    episode.outcomeInstrument.clinicalCutoff != null
      ? item(swatch('', s('line', { x1: 0, y1: 6, x2: 28, y2: 6, class: 'mark mark-cutoff-outcome' })), cutoffKey, cutoffArgsValue) : null,
    episode.expectedBand ? [
      item(swatch('', s('line', { x1: 0, y1: 6, x2: 28, y2: 6, class: 'mark mark-expected' })), 'feedback.expectedLegend'),
      ZONES.map(zone => item(swatch('', s('rect', { width: 28, height: 12, class: `mark mark-zone-${zone}`, fill: zone === 'green' ? null : `url(#zone-pattern-${zone})` })),
        `feedback.zone.${zone}`, { p }, { 'data-zone': zone })),
    ] : rc != null ? item(h('span', { class: 'swatch swatch-band', 'aria-hidden': 'true' }), 'chart.bandLegend', { rc: String(rc) }) : null,
    episode.allianceInstrument ? [
      item(swatch('', [s('line', { x1: 0, y1: 6, x2: 28, y2: 6, class: 'mark mark-line-alliance' }), s('rect', { x: 10, y: 2, width: 8, height: 8, class: 'mark mark-point-alliance' })]),
        'feedback.clientLegend', { code: episode.allianceInstrument.code }),
      item(swatch('', s('line', { x1: 0, y1: 6, x2: 28, y2: 6, class: 'mark mark-cutoff-alliance' })),
        ...cutoffArgs({ ...episode.allianceInstrument, clinicalCutoff: episode.allianceInstrument.clinicalCutoff ?? 36 })),
    ] : null);
}

/** Both graphs and the legend in one figure (the testid is the one the journeys look for). */
export function trajectoryChart(episode, outcome, alliance) {
  return h('figure', { class: 'chart-figure', 'data-testid': 'trajectory-chart' },
    outcomeChart(episode, outcome), allianceChart(episode, alliance), h('figcaption', null, legend(episode)));
}
