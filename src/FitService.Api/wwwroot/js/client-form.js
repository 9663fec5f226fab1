// The client's own form, on their phone (rate.html) and in the tablet hand-off: the lines only, in the client's
// language, no number fields, no score and no total; the lines come from vas.js (no mark until the client marks).
import { h } from './dom.js';
import { busy } from './forms.js';
import { T } from './i18n.js';
import { scaleFieldset } from './vas.js';

/**
 * One fieldset per scale ({scale: 'outcome' | 'alliance', instrument}); onSubmit gets {scale: {key: value}} once
 * every line is marked. Children get the child versions' plainer wording.
 */
export function clientForm({ scales, forChildren, onSubmit }) {
  const parts = scales.map(({ scale, instrument }) => {
    const set = scaleFieldset({ scale, instrument, forClient: true, legend: T(`client.${instrument.kind}.title`) });
    set.element.querySelector('legend').after(h('p', { class: 'client-intro' }, T(`client.${instrument.kind}.intro${forChildren ? 'Child' : ''}`)));
    return { scale, instrument, set };
  });
  const summary = h('div', { class: 'form-errors', role: 'alert', tabindex: -1, hidden: true });
  const form = h('form', { class: 'client-form', novalidate: true, 'data-testid': 'client-form' },
    summary,
    parts.map(p => p.set.element),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary client-send' }, T('client.send'))));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const marks = {};
    let complete = true;
    for (const { scale, instrument, set } of parts) {
      marks[scale] = set.read() ?? {};
      if (instrument.items.some(item => typeof marks[scale][item.key] !== 'number')) complete = false;
    }
    if (!complete) {
      summary.replaceChildren(T('client.markAll', null, 'p'));
      summary.hidden = false;
      summary.focus();
      return;
    }
    summary.hidden = true;
    await busy(form, () => onSubmit(marks, form));
  });
  return form;
}

/** A clock time in the current language ("14:05"). */
export const clockTime = (iso, lang) => new Date(iso).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nb-NO', { hour: '2-digit', minute: '2-digit' });
