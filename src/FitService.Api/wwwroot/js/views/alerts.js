// The supervisor's queue: one entry per episode with its reasons, most severe first (the server groups them, the SRS
// items below 9 as one). An open entry is acknowledged or resolved with one note; acknowledged and resolved entries
// keep their notes, with who and when.
import { api, cached } from '../api.js';
import { h, uuid } from '../dom.js';
import { busy, errorSummary, field, showProblem } from '../forms.js';
import { N, T, pair } from '../i18n.js';
import { departmentOptions } from './shared.js';

const STATUSES = ['open', 'acknowledged', 'resolved'];

export async function alertQueue({ params, user }) {
  if (user.role !== 'supervisor') return h('section', null, T('alerts.title', null, 'h1'), T('alerts.supervisorsOnly', null, 'p'));
  const department = user.departments.includes(params.get('department')) ? params.get('department') : '';
  const status = STATUSES.includes(params.get('status')) ? params.get('status') : 'open';
  // The API's largest page: the most severe 200 episodes; the line under the list says when there are more.
  const query = new URLSearchParams({ status, limit: '200' });
  if (department) query.set('department', department);
  const [page, departments] = await Promise.all([api(`/alerts/episodes?${query}`), cached('/departments')]);

  const go = changes => {
    const next = new URLSearchParams({ department, status, ...changes });
    if (!next.get('department')) next.delete('department');
    if (next.get('status') === 'open') next.delete('status');
    location.hash = next.size ? `#/alerts?${next}` : '#/alerts';
  };
  const select = h('select', { id: 'alerts-department', onchange: e => go({ department: e.target.value }) },
    h('option', { value: '' }, T('alerts.allDepartments')),
    departmentOptions(user.departments, departments, department));
  const statusSelect = h('select', { id: 'alerts-status', onchange: e => go({ status: e.target.value }) },
    STATUSES.map(s => h('option', { value: s, selected: s === status }, T(`alerts.status.${s}`))));

  return h('section', null,
    T('alerts.title', null, 'h1'),
    h('div', { class: 'filters' },
      h('label', { for: select.id }, T('common.department')), select,
      h('label', { for: statusSelect.id }, T('alerts.status')), statusSelect),
    page.episodes.length === 0
      ? T(status === 'open' ? 'alerts.queueEmpty' : `alerts.queueEmpty.${status}`, null, 'p')
      : h('ul', { class: 'queue', 'data-testid': 'alert-queue' }, page.episodes.map(queueEntry)),
    page.total > page.episodes.length ? T('alerts.moreEpisodes', { shown: page.episodes.length, total: page.total }, 'p') : null);
}

function queueEntry(entry) {
  const item = h('li', { class: `queue-item sev-${entry.severity}`, 'data-episode': entry.episodeId },
    h('div', { class: 'queue-head' },
      h('a', { href: `#/episodes/${entry.episodeId}` }, entry.pseudonym),
      h('span', { class: 'muted' }, ` · ${entry.departmentCode} · `, T('alerts.session', { n: entry.reasons[0].sessionNumber, count: entry.sessionCount }),
        ' · ', T('common.intake'), ' ', N(entry.intakeTotal), ' → ', N(entry.lastTotal),
        ' · ', osloDate(entry.firstRaisedAt),
        ' · ', h('span', { class: `status-${entry.trajectory.status}`, 'data-trajectory': entry.trajectory.status },
          T(`trajectory.${entry.trajectory.status}`)))),
    h('ul', { class: 'reasons' }, entry.reasons.map(reason)));
  const live = entry.reasons.filter(r => r.status === 'open' || r.status === 'acknowledged');
  if (live.length) item.append(handleForm(item, live));
  return item;
}

/** One reason: severity and the server's message, and the notes it carries. */
function reason(r) {
  return h('li', { class: `sev-${r.severity}`, 'data-kind': r.kind, 'data-status': r.status },
    h('div', { class: 'alert-text' },
      h('span', { class: `badge sev-${r.severity}` }, T(`severity.${r.severity}`)), ' ', pair(r.message, r.messageEn)),
    alertNotes(r));
}

/** Who acknowledged or resolved an alert, when, and the note: shown wherever the alert is. */
export function alertNotes(alert) {
  const line = (key, step) => step && h('p', { class: 'alert-note' },
    T(key, { by: step.by ?? '–', at: osloDateTime(step.at) }), ' ', h('q', null, step.note ?? ''));
  return [line('alerts.acknowledgedBy', alert.acknowledged), line('alerts.resolvedBy', alert.resolved)];
}

/** One note for every live alert of the entry: acknowledge (open ones only) or resolve them all. */
function handleForm(item, reasons) {
  const note = h('input', { type: 'text', maxlength: 2000, autocomplete: 'off', required: true });
  const canAcknowledge = reasons.some(r => r.status === 'open');
  const form = h('form', { class: 'ack', novalidate: true },
    errorSummary(),
    field({ name: 'note', label: T('alerts.note'), input: note, hint: T('alerts.entryNoteHint') }),
    h('div', { class: 'actions' },
      canAcknowledge ? h('button', { type: 'submit', value: 'acknowledge' }, T('alerts.acknowledge')) : null,
      h('button', { type: 'submit', value: 'resolve', class: 'primary' }, T('alerts.resolve'))));
  // One key per alert, step and note: a double click or a retry writes once.
  const keys = new Map();
  const keyFor = (id, step, body) => {
    const k = `${id}|${step}|${body.note}`;
    if (!keys.has(k)) keys.set(k, uuid());
    return keys.get(k);
  };
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const step = event.submitter?.value === 'acknowledge' ? 'acknowledge' : 'resolve';
    const body = { note: note.value.trim() || null };
    const ids = reasons.filter(r => step === 'resolve' || r.status === 'open').flatMap(r => r.alertIds);
    await busy(form, async () => {
      try {
        for (const id of ids) await api(`/alerts/${id}/${step}`, { method: 'POST', body, idempotencyKey: keyFor(id, step, body) });
        // Keep keyboard focus in the queue: the button that had it is gone with the form.
        const done = h('p', { class: 'acknowledged', role: 'status', tabindex: '-1' },
          T(step === 'acknowledge' ? 'alerts.acknowledged' : 'alerts.resolved'), ' ', h('q', null, body.note));
        form.replaceWith(done);
        done.focus();
        item.classList.add('done');
      } catch (e) {
        if (e.status !== 401) showProblem(form, e);
      }
    });
  });
  return form;
}

// The calendar day in Norway (an alert raised at 00:30 Oslo time is that day, not the UTC day before).
function osloDate(timestamp) {
  return new Date(timestamp).toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });
}

function osloDateTime(timestamp) {
  return new Date(timestamp).toLocaleString('sv-SE', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'short' });
}
