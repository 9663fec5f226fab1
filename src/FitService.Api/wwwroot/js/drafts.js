// A form's draft outlives a session that ended while it was open: on a 401 every open form's fields are kept in
// sessionStorage (this tab only; never localStorage), and put back when the same route opens after sign-in.

const KEY = 'fitservice.draft';

/** Keeps the values of every form in main, for this route. */
export function keepDraft(route) {
  const forms = [...document.querySelectorAll('#main form')].map(form =>
    [...form.elements].filter(el => el.name && el.type !== 'submit' && el.type !== 'button' && !(el.type === 'radio' && !el.checked))
      .map(el => [el.name, el.type === 'checkbox' ? el.checked : el.value])); // a radio group: the chosen value
  if (forms.some(fields => fields.length)) sessionStorage.setItem(KEY, JSON.stringify({ route, forms }));
}

/** Puts a kept draft back into the forms of this route, once; true when it did. */
export function restoreDraft(route, main) {
  const text = sessionStorage.getItem(KEY);
  if (!text) return false;
  let draft;
  try { draft = JSON.parse(text); } catch { draft = null; }
  if (draft?.route !== route) return false;
  sessionStorage.removeItem(KEY);
  const forms = [...main.querySelectorAll('form')];
  draft.forms.forEach((fields, i) => {
    const form = forms[i];
    if (!form) return;
    for (const [name, value] of fields) {
      const el = form.elements.namedItem(name);
      if (el instanceof RadioNodeList) {
        el.value = value;
        continue;
      }
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
      if (el.type === 'checkbox') el.checked = value;
      else if (el.type === 'radio') el.checked = el.value === value;
      else el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true })); // linked controls (a scale's slider) follow
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
  return true;
}

/** Signing out on purpose: nothing typed stays behind in the tab. */
export function dropDraft() {
  sessionStorage.removeItem(KEY);
}
