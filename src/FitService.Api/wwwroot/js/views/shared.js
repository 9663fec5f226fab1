// Pieces several views show: change categories, alerts, department choices, a session's result.
import { h } from '../dom.js';
import { N, T, pair } from '../i18n.js';

export function categoryBadge(category) {
  if (!category) return h('span', { class: 'muted' }, '–');
  return h('span', { class: `badge cat-${category}`, 'data-value': category }, T(`category.${category}`));
}

export function departmentOptions(codes, departments, selected) {
  const names = new Map((departments ?? []).map(d => [d.code, d.name]));
  return codes.map(code => h('option', { value: code, selected: code === selected },
    names.has(code) ? `${code} – ${names.get(code)}` : code));
}

/** An alert: the server's message in the current language (it sends both). */
export function alertText(alert) {
  return h('div', { class: 'alert-text' },
    h('span', { class: `badge sev-${alert.severity}` }, T(`severity.${alert.severity}`)), ' ',
    pair(alert.message, alert.messageEn));
}

export function alertList(alerts, testId) {
  if (!alerts.length) return T('alerts.none', null, 'p');
  return h('ul', { class: 'alerts', 'data-testid': testId },
    alerts.map(a => h('li', { class: `sev-${a.severity}`, 'data-kind': a.kind }, alertText(a))));
}

/** What the server answered for a recorded or corrected session, shown at once. */
export function sessionResult(r) {
  const dd = (key, value, testId) => [h('dt', null, T(key)), h('dd', { 'data-testid': testId }, value)];
  const reliable = r.reliableChange
    ? h('span', { class: `badge rc-${r.reliableChange}`, 'data-value': r.reliableChange }, T(`reliable.${r.reliableChange}`))
    : T('result.intakeNoChange');
  return h('section', { class: 'result card', 'aria-labelledby': 'result-title', 'data-testid': 'session-result' },
    withId(T('result.title', { n: r.sessionNumber }, 'h2'), 'result-title'),
    h('dl', { class: 'facts' },
      dd('result.outcomeTotal', [N(r.outcome.total), ` (${r.outcome.instrument})`], 'result-outcome-total'),
      r.alliance ? dd('result.allianceTotal', [N(r.alliance.total), ` (${r.alliance.instrument})`], 'result-alliance-total') : null,
      dd('result.change', [N(r.changeFromIntake, { sign: true }), ' ', h('span', { class: 'muted' }, T('result.fromIntake'), ' ', N(r.intakeTotal))], 'result-change'),
      dd('result.reliableChange', [reliable, r.reliableChangeThreshold != null
        ? [' ', h('span', { class: 'muted' }, T('result.threshold'), ' ', N(r.reliableChangeThreshold))] : null], 'result-reliable'),
      dd('common.category', categoryBadge(r.category), 'result-category'),
      dd('result.clinicalRange', [r.clinicalRange ? T(`range.${r.clinicalRange}`) : '–', r.clinicalCutoff != null
        ? [' ', h('span', { class: 'muted' }, T('result.cutoff'), ' ', N(r.clinicalCutoff))] : null], 'result-range')),
    T('result.alerts', null, 'h3'),
    alertList(r.alerts ?? [], 'result-alerts'));
}

function withId(el, id) {
  el.id = id;
  el.tabIndex = -1;
  return el;
}
