// The record form's "who rated": the client on paper, the clinician, or a relation; sent as ratedBy. A new session
// starts at the clinician (the API's default, as before the choice existed); a correction at who rated it.
import { h, uuid } from '../dom.js';
import { T } from '../i18n.js';

const raters = ['client', 'clinician', 'collateral'];

export function raterField(initial) {
  const name = `ratedBy-${uuid()}`;
  const chosen = raters.includes(initial) ? initial : 'clinician';
  const element = h('fieldset', { class: 'choices rated-by-field', dataset: { field: 'ratedBy' }, 'data-testid': 'rated-by' },
    h('legend', null, T('rater.legend')),
    raters.map(rater => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, value: rater, checked: rater === chosen }), ' ', T(`rater.${rater}`))),
    h('p', { class: 'error', hidden: true }));
  return { element, read: () => element.querySelector('input:checked')?.value ?? chosen };
}
