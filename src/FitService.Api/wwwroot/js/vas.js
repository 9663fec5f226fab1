// An instrument's items as visual-analogue lines: a 0–10 slider in steps of 0.1 (the 10 cm line read to the
// millimetre) and a number field, kept in step. An item nobody has touched stays empty: it is sent as missing,
// never as 0, and the server names it.
import { h } from './dom.js';
import { T, has, language, t } from './i18n.js';

let counter = 0;

export function itemLabelKey(instrument, key) {
  const candidates = [`item.${instrument.code}.${key}`, `item.${instrument.kind}.${key}`, `item.${key}`];
  return candidates.find(has) ?? null;
}

const parse = text => Number(text.trim().replace(',', '.'));
const show = value => (language() === 'en' ? value.toFixed(1) : value.toFixed(1).replace('.', ','));

function itemRow(scale, instrument, item, initial, onChange) {
  const id = `vas-${scale}-${item.key}-${++counter}`;
  const labelKey = itemLabelKey(instrument, item.key);
  const label = h('label', { for: id, id: `${id}-label` }, labelKey ? T(labelKey) : item.key);
  const number = h('input', {
    id, type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'vas-number', size: 4,
    name: `${scale}.items.${item.key}`, 'data-item': item.key, 'aria-describedby': `${id}-range-note ${id}-error`,
  });
  const range = h('input', {
    type: 'range', min: item.min, max: item.max, step: '0.1', class: 'vas-range unset', tabindex: 0,
    'aria-labelledby': `${id}-label`, 'data-item': item.key, id: `${id}-range`,
  });
  const setRange = value => {
    range.value = String(value);
    range.classList.remove('unset');
    range.removeAttribute('aria-valuetext');
  };
  const unset = () => {
    range.value = String((Number(item.min) + Number(item.max)) / 2);
    range.classList.add('unset');
    range.setAttribute('aria-valuetext', t('vas.notSet'));
  };
  range.addEventListener('input', () => {
    setRange(range.value);
    number.value = show(Number(range.value));
    onChange();
  });
  number.addEventListener('input', () => {
    const value = parse(number.value);
    if (number.value.trim() !== '' && Number.isFinite(value) && value >= item.min && value <= item.max) setRange(value);
    else if (number.value.trim() === '') unset();
    onChange();
  });
  number.addEventListener('change', () => { // on leaving the field: "6" becomes "6,0", as the slider writes it
    const value = parse(number.value);
    // Only values of at most one decimal: rounding "6,25" would hide what the server refuses.
    if (number.value.trim() !== '' && Number.isFinite(value) && Math.abs(value * 10 - Math.round(value * 10)) < 1e-9)
      number.value = show(value);
  });
  unset();
  if (initial != null) {
    number.value = show(Number(initial));
    setRange(initial);
  }
  const row = h('div', { class: 'field vas', dataset: { field: `${scale}.items.${item.key}` } },
    label,
    h('div', { class: 'vas-line' },
      h('span', { class: 'vas-end', 'aria-hidden': 'true' }, String(item.min)),
      range,
      h('span', { class: 'vas-end', 'aria-hidden': 'true' }, String(item.max)),
      number,
      h('span', { class: 'unit', 'aria-hidden': 'true' }, 'cm')),
    h('p', { class: 'hint visually-hidden', id: `${id}-range-note` }, T('vas.range', { min: item.min, max: item.max })),
    h('p', { class: 'error', id: `${id}-error`, hidden: true }));
  return { row, number, key: item.key };
}

/** A fieldset for one instrument; read() gives {key: value} (what was entered), or null when optional and empty. */
export function scaleFieldset({ scale, instrument, optional = false, values = null }) {
  const total = h('output', { class: 'total', 'aria-live': 'off' }, '–');
  const update = () => {
    const numbers = rows.map(r => parse(r.number.value));
    const complete = rows.every(r => r.number.value.trim() !== '') && numbers.every(Number.isFinite);
    total.textContent = complete ? show(numbers.reduce((a, b) => a + b, 0)) : '–';
  };
  const rows = instrument.items.map(item => itemRow(scale, instrument, item, values?.[item.key], update));
  update();
  const legend = h('legend', null, `${instrument.code} – `, T(`scale.${instrument.kind}`),
    optional ? [' ', h('span', { class: 'muted' }, T('common.optional'))] : null);
  const element = h('fieldset', { class: 'scale', 'data-testid': `scale-${scale}`, dataset: { field: `${scale}.items` } },
    legend,
    h('p', { class: 'error', hidden: true }),
    rows.map(r => r.row),
    h('p', { class: 'total-line' }, T('vas.total'), ' ', total));
  const read = () => {
    const entered = rows.filter(r => r.number.value.trim() !== '');
    if (optional && entered.length === 0) return null;
    const items = {};
    for (const r of entered) {
      const value = parse(r.number.value);
      items[r.key] = Number.isFinite(value) ? value : r.number.value.trim(); // the server names a non-number
    }
    return items;
  };
  return { element, read };
}
