// The departments' goals for the half-years a report covers: each goal with its result, 95 % CI and status in words
// (met, not met, can't tell yet, hidden), read from GET /reports/goals under the same disclosure control.
import { api } from '../api.js';
import { h } from '../dom.js';
import { N, T } from '../i18n.js';
import { periodLabel, scrollRegion, withCi } from './report-parts.js';

/** The half-year labels ("2025H1") a span of month labels ("2025M01" … "2025M12") touches; at most ten. */
export function halfYears(from, to) {
  const month = label => { const m = /^(\d{4})M(\d{2})$/.exec(label); return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null; };
  const [a, b] = [month(from), month(to)];
  if (a == null || b == null) return [];
  const out = [];
  for (let m = a - (a % 6); m <= b && out.length < 10; m += 6) out.push(`${Math.floor(m / 12)}H${m % 12 < 6 ? 1 : 2}`);
  return out;
}

/** The goals section of a report: fetched for its half-years and, with a department filter, those departments only. */
export async function reportGoals(report, chosenDepartments) {
  const halves = halfYears(report.scope.from, report.scope.to);
  const section = h('section', { class: 'report-goals', 'aria-labelledby': 'report-goals-heading', 'data-testid': 'report-goals' },
    h('h3', { id: 'report-goals-heading' }, T('reportGoals.title')), T('reportGoals.intro', null, 'p'));
  let answers;
  try {
    answers = await Promise.all(halves.map(half => api(`/reports/goals?halfYear=${encodeURIComponent(half)}`)));
  } catch (e) {
    if (e.status === 401) throw e; // the session ended: the sign-in takes over
    // The report above stands on its own: without the goals it says so where they would be.
    section.append(h('p', { class: 'goals-unavailable', role: 'status', 'data-testid': 'goals-unavailable' }, T('reportGoals.unavailable')));
    return section;
  }
  const rows = answers.flatMap(a => a.rows)
    .filter(g => !chosenDepartments.length || chosenDepartments.includes(g.department));
  // The text on how each goal is to be met is on the department's own goal list; a list that cannot be read leaves it out.
  const descriptions = new Map();
  await Promise.all([...new Set(rows.map(g => g.department))].map(async code => {
    let goals;
    try {
      goals = await api(`/departments/${encodeURIComponent(code)}/goals`);
    } catch (e) {
      if (e.status === 401) throw e;
      return;
    }
    for (const goal of goals) descriptions.set(`${goal.department}|${goal.halfYear}|${goal.metric}`, goal.description);
  }));

  if (!rows.length) {
    section.append(T('reportGoals.none', null, 'p'));
    return section;
  }
  section.append(scrollRegion('reportGoals.caption', h('table', { class: 'report goals', 'data-testid': 'goals-table' },
    h('caption', { class: 'visually-hidden' }, T('reportGoals.caption')),
    h('thead', null, h('tr', null, ['common.department', 'reportGoals.halfYear', 'reportGoals.goal', 'reportGoals.result', 'reportGoals.status']
      .map(k => h('th', { scope: 'col' }, T(k))))),
    h('tbody', null, rows.map(g => goalRow(g, descriptions.get(`${g.department}|${g.halfYear}|${g.metric}`)))))));
  return section;
}

function goalRow(g, description) {
  const estimate = g.value == null ? null : { value: g.value, ciLow: g.ciLow ?? g.value, ciHigh: g.ciHigh ?? g.value };
  const result = g.status === 'hidden' || !estimate
    ? h('span', { class: 'muted' }, '–')
    : g.ciLow == null ? N(g.value, { percent: true }) : withCi(estimate, { percent: true });
  return h('tr', { dataset: { department: g.department, halfYear: g.halfYear, metric: g.metric, status: g.status } },
    h('th', { scope: 'row' }, g.department),
    h('td', null, periodLabel(g.halfYear)),
    h('td', null, T(`goalMetric.${g.metric}`), ' ', T(`goalDirection.${g.direction}`), ' ', N(g.target, { percent: true }),
      description ? h('span', { class: 'goal-description' }, description) : null),
    h('td', { class: 'n' }, result),
    h('td', { class: `goal-status goal-${g.status}`, 'data-testid': 'goal-status' }, T(`goalStatus.${g.status}`)));
}
