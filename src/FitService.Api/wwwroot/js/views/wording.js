// The admin's screen for the organisation's licensed item wording (#/instruments/wording?instrument=ORS&language=nb):
// per item a label and the anchors at the line's two ends, in one language at a time. FitService ships neutral
// dimension labels only; what is saved here is what clients see on the tablet hand-off and the phone link.
import { api, idempotencyKeys } from '../api.js';
import { go, h, uuid } from '../dom.js';
import { busy, clearErrors, errorSummary, field, showProblem } from '../forms.js';
import { T, both, t } from '../i18n.js';
import { itemLabelKey } from '../vas.js';

const languages = ['nb', 'en'];
const route = (instrument, language) => `#/instruments/wording?instrument=${encodeURIComponent(instrument)}&language=${language}`;

export async function wordingScreen({ params, user }) {
  if (user.role !== 'admin') {
    const [nb, en] = both(`role.${user.role}`);
    return h('section', null, T('access.title', null, 'h1'), T('wording.adminOnly', { nb: nb.toLowerCase(), en: en.toLowerCase() }, 'p'));
  }
  const instruments = await api('/instruments');
  const code = instruments.some(i => i.code === params.get('instrument')) ? params.get('instrument') : instruments[0].code;
  const language = languages.includes(params.get('language')) ? params.get('language') : 'nb';
  const [instrument, wording] = await Promise.all([api(`/instruments/${encodeURIComponent(code)}`),
    api(`/instruments/${encodeURIComponent(code)}/wording`)]);
  return h('section', null, T('wording.title', null, 'h1'), T('wording.intro', null, 'p'),
    chooser(instruments, code, language), editor(instrument, language, wording.languages[language] ?? null));
}

/** Form and language: a plain GET form of two selects, so it works by keyboard and leaves the choice in the address. */
function chooser(instruments, code, language) {
  const instrument = h('select', null, instruments.map(i => h('option', { value: i.code, selected: i.code === code }, `${i.code} – ${i.name}`)));
  const lang = h('select', null, languages.map(l => h('option', { value: l, selected: l === language, 'data-t': `wording.language.${l}` },
    t(`wording.language.${l}`))));
  const form = h('form', { class: 'card filters', 'data-testid': 'wording-choose' },
    h('fieldset', null, h('legend', null, T('wording.choose')),
      field({ name: 'instrument', label: T('wording.instrument'), input: instrument }),
      field({ name: 'language', label: T('wording.language'), input: lang }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, T('wording.show')))));
  form.addEventListener('submit', event => {
    event.preventDefault();
    go(route(instrument.value, lang.value));
  });
  return form;
}

function editor(instrument, language, current) {
  const status = h('p', { role: 'status', 'data-testid': 'wording-status' });
  const changed = h('p', { class: 'muted', 'data-testid': 'wording-changed' });
  const showChanged = saved => changed.replaceChildren(saved
    ? T('wording.changed', { at: new Date(saved.changedAt).toLocaleString(language === 'en' ? 'en-GB' : 'nb-NO'), by: saved.changedBy })
    : T('wording.none'));
  showChanged(current);
  const rows = instrument.items.map(item => itemFields(instrument, item, language, current?.items?.[item.key]));
  const keys = idempotencyKeys(uuid);
  const form = h('form', { class: 'card', novalidate: true, 'data-testid': 'wording-form' },
    errorSummary(), changed, rows.map(r => r.element),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, T('wording.save')),
      h('button', { type: 'button', 'data-testid': 'wording-clear', onclick: () => save({}, 'wording.cleared') }, T('wording.clear'))),
    status);

  async function save(items, done) {
    const body = { language, items };
    status.replaceChildren();
    await busy(form, async () => {
      try {
        const saved = await api(`/instruments/${encodeURIComponent(instrument.code)}/wording`,
          { method: 'PUT', body, idempotencyKey: keys(body) });
        clearErrors(form);
        const now = saved.languages[language] ?? null;
        for (const r of rows) r.fill(now?.items?.[r.key]);
        showChanged(now);
        status.replaceChildren(T(done));
      } catch (e) {
        if (e.status !== 401) showProblem(form, e);
      }
    });
  }
  form.addEventListener('submit', event => {
    event.preventDefault();
    const items = {};
    for (const r of rows) {
      const value = r.read();
      if (value) items[r.key] = value;
    }
    save(items, 'wording.saved');
  });
  return form;
}

/** One item: its label and the two anchors, named as the server names them (items.{key}.label, .low, .high). */
function itemFields(instrument, item, language, saved) {
  const input = maxlength => h('input', { type: 'text', autocomplete: 'off', maxlength, lang: language });
  const label = input(200);
  const low = input(100);
  const high = input(100);
  const neutralKey = itemLabelKey(instrument, item.key);
  const neutral = neutralKey ? both(neutralKey)[language === 'en' ? 1 : 0] : item.key;
  const name = `items.${item.key}`;
  const element = h('fieldset', { class: 'field wording-item', dataset: { field: name }, 'data-testid': `wording-${item.key}` },
    h('legend', null, item.key, ' · ', T('wording.neutral', { label: neutral })),
    h('p', { class: 'error', hidden: true }),
    field({ name: `${name}.label`, label: T('wording.label'), input: label, hint: T('wording.labelHint') }),
    field({ name: `${name}.low`, label: T('wording.low'), input: low }),
    field({ name: `${name}.high`, label: T('wording.high'), input: high }));
  const fill = w => {
    label.value = w?.label ?? '';
    low.value = w?.low ?? '';
    high.value = w?.high ?? '';
  };
  fill(saved);
  // An item whose fields are all empty is left out: it shows its neutral label. Anchors alone still need a label.
  const read = () => ([label, low, high].every(i => i.value.trim() === '') ? null
    : { label: label.value, low: low.value.trim() || null, high: high.value.trim() || null });
  return { key: item.key, element, fill, read };
}
