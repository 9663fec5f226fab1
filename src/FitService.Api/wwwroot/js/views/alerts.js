// The supervisor's queue: open alerts of their departments, most severe first, each acknowledged with a note.
import { api, cached, idempotencyKeys } from '../api.js';
import { h, uuid } from '../dom.js';
import { busy, errorSummary, field, showProblem } from '../forms.js';
import { N, T } from '../i18n.js';
import { alertText, departmentOptions } from './shared.js';

export async function alertQueue({ params, user }) {
  if (user.role !== 'supervisor') return h('section', null, T('alerts.title', null, 'h1'), T('alerts.supervisorsOnly', null, 'p'));
  const department = user.departments.includes(params.get('department')) ? params.get('department') : '';
  // The API's largest page: the most severe 200; the line under the list says when there are more.
  const query = new URLSearchParams({ status: 'open', limit: '200' });
  if (department) query.set('department', department);
  const [page, departments] = await Promise.all([api(`/alerts?${query}`), cached('/departments')]);
  const alerts = page.rows;

  const select = h('select', { id: 'alerts-department' },
    h('option', { value: '' }, T('alerts.allDepartments')),
    departmentOptions(user.departments, departments, department));
  select.addEventListener('change', () => {
    location.hash = select.value ? `#/alerts?department=${encodeURIComponent(select.value)}` : '#/alerts';
  });

  return h('section', null,
    T('alerts.title', null, 'h1'),
    h('div', { class: 'filters' }, h('label', { for: select.id }, T('common.department')), select),
    alerts.length === 0
      ? T('alerts.queueEmpty', null, 'p')
      : h('ul', { class: 'queue', 'data-testid': 'alert-queue' }, alerts.map(queueItem)),
    page.total > alerts.length ? T('alerts.more', { shown: alerts.length, total: page.total }, 'p') : null);
}

function queueItem(alert) {
  const note = h('input', { type: 'text', maxlength: 2000, autocomplete: 'off', required: true });
  const keyFor = idempotencyKeys(uuid);
  const form = h('form', { class: 'ack', novalidate: true },
    errorSummary(),
    field({ name: 'note', label: T('alerts.note'), input: note, hint: T('alerts.noteHint') }),
    h('button', { type: 'submit' }, T('alerts.acknowledge')));
  const item = h('li', { class: `queue-item sev-${alert.severity}`, 'data-alert': alert.id, 'data-kind': alert.kind },
    h('div', { class: 'queue-head' },
      h('a', { href: `#/episodes/${alert.episodeId}` }, alert.pseudonym),
      h('span', { class: 'muted' }, ` · ${alert.departmentCode} · `, T('alerts.session', { n: alert.sessionNumber, count: alert.sessionCount }),
        ' · ', T('common.intake'), ' ', N(alert.intakeTotal), ' → ', N(alert.lastTotal),
        ' · ', osloDate(alert.raisedAt),
        ' · ', h('span', { class: `status-${alert.trajectory.status}`, 'data-trajectory': alert.trajectory.status },
          T(`trajectory.${alert.trajectory.status}`)))),
    alertText(alert),
    form);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { note: note.value.trim() || null };
    await busy(form, async () => {
      try {
        await api(`/alerts/${alert.id}/acknowledge`, { method: 'POST', body, idempotencyKey: keyFor(body) });
        // Keep keyboard focus in the queue: the button that had it is gone with the form.
        const done = h('p', { class: 'acknowledged', role: 'status', tabindex: '-1' }, T('alerts.acknowledged'));
        form.replaceWith(done);
        done.focus();
        item.classList.add('done');
      } catch (e) {
        if (e.status !== 401) showProblem(form, e);
      }
    });
  });
  return item;
}

// The calendar day in Norway (an alert raised at 00:30 Oslo time is that day, not the UTC day before).
function osloDate(timestamp) {
  return new Date(timestamp).toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });
}
