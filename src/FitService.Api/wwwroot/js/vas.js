// An instrument's items as visual-analogue lines: a 0–10 line read to the millimetre (steps of 0.1) and a number
// field, kept in step both ways. A line nobody has marked shows no mark and no value: it is sent as missing, never
// as 0 or as the middle, and the server names it. Any point on the line sets the value, the middle included.
import { append, h } from './dom.js';
import { T, both, has, language, pair, t, ta } from './i18n.js';

let counter = 0;

export function itemLabelKey(instrument, key) {
  const candidates = [`item.${instrument.code}.${key}`, `item.${instrument.kind}.${key}`, `item.${key}`];
  return candidates.find(has) ?? null;
}

/**
 * The item's label: the organisation's licensed wording (instrument.wording, from the API) in the current language,
 * else the neutral dimension label; a custom instrument without either shows its key. Follows the language toggle.
 */
export function itemLabel(instrument, key) {
  const neutral = itemLabelKey(instrument, key);
  const nb = instrument.wording?.nb?.[key];
  const en = instrument.wording?.en?.[key];
  if (!nb && !en) return neutral ? T(neutral) : document.createTextNode(key);
  const [neutralNb, neutralEn] = neutral ? both(neutral) : [key, key];
  return pair(nb?.label ?? neutralNb, en?.label ?? neutralEn);
}

/** The wording's anchors at the line's two ends, or null when the organisation set none for this item. */
function anchors(instrument, key, id) {
  const nb = instrument.wording?.nb?.[key];
  const en = instrument.wording?.en?.[key];
  if (!nb?.low && !nb?.high && !en?.low && !en?.high) return null;
  const end = side => pair(nb?.[side] ?? '', en?.[side] ?? '');
  const missing = ['nb', 'en'].filter(l => !instrument.wording?.[l]?.[key]?.low && !instrument.wording?.[l]?.[key]?.high);
  return h('p', { class: ['vas-anchors', ...missing.map(l => `no-${l}`)].join(' '), id: `${id}-anchors`, 'data-testid': 'vas-anchors' },
    h('span', { class: 'vas-anchor-low' }, end('low')), h('span', { class: 'vas-anchor-high' }, end('high')));
}

const parse = text => Number(text.trim().replace(',', '.'));
const show = (value, lang = language()) => (lang === 'en' ? value.toFixed(1) : value.toFixed(1).replace('.', ','));
const oneDecimal = value => Math.abs(value * 10 - Math.round(value * 10)) < 1e-9;
// Keys that move a native slider; on an unmarked line the first of them only places the mark (see docs/web.md).
const movingKeys = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown']);

/** What the number field holds: empty, a value the server accepts, or something it would refuse. */
export function readItem(text, item) {
  if (text.trim() === '') return { state: 'empty' };
  const value = parse(text);
  const valid = Number.isFinite(value) && value >= Number(item.min) && value <= Number(item.max) && oneDecimal(value);
  return valid ? { state: 'valid', value } : { state: 'invalid' };
}

function itemRow(scale, instrument, item, initial, onChange, forClient = false) {
  const id = `vas-${scale}-${item.key}-${++counter}`;
  const label = h('label', { for: id, id: `${id}-label` }, itemLabel(instrument, item.key));
  const ends = anchors(instrument, item.key, id);
  const number = h('input', {
    id, type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'vas-number', size: 4,
    name: `${scale}.items.${item.key}`, 'data-item': item.key, 'aria-describedby': `${id}-range-note ${id}-error`,
    hidden: forClient, // the client marks the line only: the number stays behind it, unseen
  });
  const range = h('input', {
    type: 'range', min: item.min, max: item.max, step: '0.1', class: 'vas-range unset', tabindex: 0,
    'aria-labelledby': `${id}-label`, 'aria-describedby': ends ? `${id}-anchors ${id}-range-note` : `${id}-range-note`,
    'data-item': item.key, id: `${id}-range`,
  });
  const error = h('p', { class: 'error', id: `${id}-error`, hidden: true });
  const middle = (Number(item.min) + Number(item.max)) / 2;

  const mark = value => { // the line shows this value; the number field is left to the caller
    range.value = String(value);
    range.classList.remove('unset');
    ta(range, 'aria-valuetext', 'vas.valueText', { nb: show(value, 'nb'), en: show(value, 'en'), max: item.max });
  };
  const unmark = () => { // no mark: the thumb is hidden (css) and the value read out is "not set"
    range.value = String(middle);
    range.classList.add('unset');
    ta(range, 'aria-valuetext', 'vas.notSet');
  };
  const setInvalid = invalid => {
    if (invalid) {
      number.setAttribute('aria-invalid', 'true');
      error.replaceChildren(T('vas.invalid', { min: item.min, max: item.max }));
    } else if (error.firstChild?.dataset?.t === 'vas.invalid') { // leaves a server's message alone
      number.removeAttribute('aria-invalid');
      error.replaceChildren();
    }
    error.hidden = error.childNodes.length === 0;
  };
  const fromLine = () => { // the line was marked: the number follows
    mark(Number(range.value));
    number.value = show(Number(range.value));
    setInvalid(false);
    onChange();
  };

  range.addEventListener('input', fromLine);
  // A click or tap where the value already is (the middle of an unmarked line) fires no input event.
  range.addEventListener('click', () => { if (range.classList.contains('unset')) fromLine(); });
  // A tap (touch) there fires no click either: the end of the touch marks it.
  range.addEventListener('pointerup', () => { if (range.classList.contains('unset')) fromLine(); });
  range.addEventListener('keydown', event => {
    if (event.key === 'Enter') event.preventDefault(); // Enter on a line never submits the form
    else if (range.classList.contains('unset') && movingKeys.has(event.key)) {
      event.preventDefault();
      range.value = String(middle);
      fromLine();
    }
  });
  number.addEventListener('input', () => {
    const read = readItem(number.value, item);
    if (read.state === 'valid') mark(read.value);
    else unmark();
    setInvalid(read.state === 'invalid');
    onChange();
  });
  number.addEventListener('change', () => { // on leaving the field: "6" becomes "6,0", as the line writes it
    const read = readItem(number.value, item);
    if (read.state === 'valid') number.value = show(read.value);
  });
  unmark();
  if (initial != null) {
    number.value = show(Number(initial));
    mark(Number(initial));
  }
  const row = h('div', { class: 'field vas', dataset: { field: `${scale}.items.${item.key}` } },
    label,
    h('div', { class: 'vas-line' },
      h('span', { class: 'vas-end', 'aria-hidden': 'true' }, String(item.min)),
      range,
      h('span', { class: 'vas-end', 'aria-hidden': 'true' }, String(item.max)),
      number,
      forClient ? null : h('span', { class: 'unit', 'aria-hidden': 'true' }, 'cm')),
    ends,
    h('p', { class: 'hint visually-hidden', id: `${id}-range-note` }, T('vas.range', { min: item.min, max: item.max })),
    error);
  return { row, number, item };
}

/**
 * A fieldset for one instrument; read() gives {key: value} (what was entered), or null when optional and empty.
 * `forClient`: the client's own view (hand-off, phone): lines only, no number fields, no total, no note for staff.
 */
export function scaleFieldset({ scale, instrument, optional = false, values = null, forClient = false, legend: title = null }) {
  const total = h('output', { class: 'total', 'aria-live': 'off' }, '–');
  const missing = h('span', { class: 'missing', 'data-testid': `missing-${scale}` });
  const update = () => { // counts valid values only; says how many lines are still empty or refused
    const reads = rows.map(r => readItem(r.number.value, r.item));
    const valid = reads.filter(r => r.state === 'valid');
    total.textContent = valid.length ? show(valid.reduce((sum, r) => sum + r.value, 0)) : '–';
    const empty = reads.filter(r => r.state === 'empty').length;
    const invalid = reads.filter(r => r.state === 'invalid').length;
    missing.replaceChildren();
    append(missing, [
      empty ? [' · ', T('vas.missing', { n: empty })] : null,
      invalid ? [' · ', h('span', { class: 'error-text' }, T('vas.invalidCount', { n: invalid }))] : null]);
  };
  const rows = instrument.items.map(item => itemRow(scale, instrument, item, values?.[item.key], update, forClient));
  update();
  const legend = h('legend', null, title ?? [`${instrument.code} – `, T(`scale.${instrument.kind}`)],
    optional ? [' ', h('span', { class: 'muted' }, T('common.optional'))] : null);
  const element = h('fieldset', { class: forClient ? 'scale client-scale' : 'scale', 'data-testid': `scale-${scale}`, dataset: { field: `${scale}.items` } },
    legend,
    forClient ? null : h('p', { class: 'hint wording-note' },
      T(Object.keys(instrument.wording ?? {}).length ? 'wording.noteLicensed' : 'wording.noteNeutral')),
    h('p', { class: 'error', hidden: true }),
    rows.map(r => r.row),
    forClient ? null : h('p', { class: 'total-line' }, T('vas.total'), ' ', total, missing));
  const read = () => {
    const entered = rows.filter(r => r.number.value.trim() !== '');
    if (optional && entered.length === 0) return null;
    const items = {};
    for (const r of entered) {
      const value = parse(r.number.value);
      items[r.item.key] = Number.isFinite(value) ? value : r.number.value.trim(); // the server names a non-number
    }
    return items;
  };
  return { element, read };
}
