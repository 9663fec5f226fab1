// An episode's alerts with the supervisor's notes (who, when), and the question before closing an episode with live alerts.
import { h } from '../dom.js';
import { T } from '../i18n.js';
import { alertText } from './shared.js';
import { alertNotes } from './alerts.js';

/** The live alerts, each with its acknowledgement; then the handled ones that carry a note, newest first. */
export function episodeAlerts(episode) {
  const item = a => h('li', { class: `sev-${a.severity}`, 'data-kind': a.kind, 'data-status': a.status }, alertText(a), alertNotes(a));
  const past = episode.pastAlerts ?? [];
  return [
    T('episode.openAlerts', null, 'h2'),
    episode.openAlerts.length
      ? h('ul', { class: 'alerts', 'data-testid': 'episode-alerts' }, episode.openAlerts.map(item))
      : T('alerts.none', null, 'p'),
    past.length ? [
      T('episode.pastAlerts', null, 'h2'),
      h('ul', { class: 'alerts past', 'data-testid': 'episode-alert-notes' }, past.map(item)),
    ] : null,
  ];
}

/**
 * Closing clears the episode's live alerts: ask first, saying how many. Resolves true to go on; true at once when
 * there are none.
 */
export function confirmClose(episode, host) {
  const count = episode.openAlerts.length;
  if (count === 0) return Promise.resolve(true);
  const title = T('episode.closeConfirmTitle', null, 'h2');
  title.id = 'close-confirm-title';
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': title.id, 'data-testid': 'close-confirm' },
    h('form', { method: 'dialog' },
      title,
      T(count === 1 ? 'episode.closeConfirmOne' : 'episode.closeConfirmMany', { n: count }, 'p'),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', value: 'close', class: 'danger' }, T('episode.closeConfirmYes')),
        h('button', { type: 'submit', value: 'cancel', autofocus: true }, T('common.cancel')))));
  host.append(dialog);
  return new Promise(resolve => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'close');
    });
    dialog.showModal();
  });
}
