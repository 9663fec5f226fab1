// Labelled fields, and the server's problem+json errors shown next to the field they name.
import { h } from './dom.js';
import { T, serverText } from './i18n.js';

let counter = 0;

/** A field wrapper named like the server names the field ("birthYear", "outcome.items.overall"). */
export function field({ name, label, input, hint }) {
  if (!input.id) input.id = `f-${name.replace(/[^A-Za-z0-9]/g, '-')}-${++counter}`;
  const hintEl = hint ? h('p', { class: 'hint', id: `${input.id}-hint` }, hint) : null;
  const errorEl = h('p', { class: 'error', id: `${input.id}-error`, hidden: true });
  input.setAttribute('aria-describedby', [hintEl?.id, errorEl.id].filter(Boolean).join(' '));
  return h('div', { class: 'field', dataset: { field: name } }, h('label', { for: input.id }, label), hintEl, input, errorEl);
}

/** The box at the top of a form for errors that name no field on it; announced when shown. */
export const errorSummary = () => h('div', { class: 'form-errors', role: 'alert', hidden: true });

export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field .error')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const summary = form.querySelector('.form-errors');
  if (summary) {
    summary.hidden = true;
    summary.replaceChildren();
  }
}

/** Places each error of an ApiError's problem next to its field (renamed through fieldMap); the rest on top. */
export function showProblem(form, error, fieldMap = {}) {
  clearErrors(form);
  const problem = error.problem ?? {};
  const entries = Object.entries(problem.errors ?? {});
  if (entries.length === 0 && problem.field) entries.push([problem.field, [problem.detail ?? problem.title]]);
  const unplaced = [];
  let first = null;
  for (const [key, messages] of entries) {
    const name = fieldMap[key] ?? key;
    const wrapper = [...form.querySelectorAll('[data-field]')].find(el => el.dataset.field === name);
    if (!wrapper) {
      unplaced.push(...messages);
      continue;
    }
    const errorEl = wrapper.querySelector('.error');
    errorEl.replaceChildren(...messages.flatMap((m, i) => (i ? [' ', serverText(m)] : [serverText(m)])));
    errorEl.hidden = false;
    const input = wrapper.querySelector('input:not([type=range]), select, textarea');
    input?.setAttribute('aria-invalid', 'true');
    first ??= input;
  }
  if (entries.length === 0) unplaced.push(problem.detail ?? problem.title ?? error.message);
  const summary = form.querySelector('.form-errors');
  summary.append(T(first ? 'form.fixFields' : 'form.failed', null, 'p'));
  if (unplaced.length) summary.append(h('ul', null, unplaced.map(m => h('li', null, serverText(m)))));
  summary.hidden = false;
  (first ?? summary).focus?.();
}

/** Disables the submit button while a request runs; the form stays editable. */
export async function busy(form, work) {
  const button = form.querySelector('[type=submit]');
  button?.setAttribute('aria-busy', 'true');
  if (button) button.disabled = true;
  try {
    return await work();
  } finally {
    button?.removeAttribute('aria-busy');
    if (button) button.disabled = false;
  }
}
