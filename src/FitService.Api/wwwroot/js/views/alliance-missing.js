// Why a session has no alliance scale: the record form asks whenever the alliance is left empty, so a session never
// goes without it silently. The API takes the reason as optional (null: not stated); this form requires it for a new session.
import { h } from '../dom.js';
import { T, both } from '../i18n.js';

const reasons = ['clientDeclined', 'notDone', 'byLink'];

export function allianceMissingField(code, initial) {
  const element = h('fieldset', { class: 'choices alliance-missing', dataset: { field: 'allianceMissingReason' }, 'data-testid': 'alliance-missing' },
    h('legend', null, T('allianceMissing.legend', { code })),
    reasons.map(reason => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'allianceMissingReason', value: reason, checked: initial === reason }), ' ',
      T(`allianceMissing.${reason}`))),
    h('p', { class: 'error', hidden: true }));
  return { element, read: () => element.querySelector('input:checked')?.value ?? null };
}

/** The "choose a reason" error, as the server would word it (both languages; the page shows the current one). */
export const reasonRequired = () => both('allianceMissing.required').join(' / ');

/** The reason in a sessions table's alliance cell. */
export const missingReason = session => (session.alliance || !session.allianceMissingReason ? null
  : h('span', { class: 'missing-reason' }, T(`allianceMissing.${session.allianceMissingReason}`)));

/** "client" under the date of a session the client rated. */
export const ratedByClient = session => (session.ratedBy === 'client' || session.allianceRatedBy === 'client'
  ? h('span', { class: 'rated-by', 'data-testid': 'rated-by-client' }, T('ratedBy.client'))
  : null);
