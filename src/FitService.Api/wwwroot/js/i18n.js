// Norwegian bokmål first, English second. Texts carry their key (data-t) so a language switch
// rewrites them in place and never loses what the user has typed into a form.
import { texts } from './texts.js';

let lang = localStorage.getItem('fitservice.lang') === 'en' ? 'en' : 'nb';

export const language = () => lang;
export const has = key => Object.hasOwn(texts, key);

export function t(key, args) {
  const pair = texts[key];
  let text = pair ? pair[lang === 'en' ? 1 : 0] : key;
  if (args) text = text.replace(/\{(\w+)\}/g, (_, name) => String(args[name] ?? ''));
  return text;
}

/**
 * A message from the server. The API writes user-facing text as "bokmål / English"; both halves go into the page
 * (each with its lang) and the stylesheet shows only the current language's, so the toggle needs no re-render.
 */
export function serverText(text) {
  const message = String(text ?? '');
  const at = message.indexOf(' / ');
  if (at < 0) return document.createTextNode(message);
  return pair(message.slice(0, at), message.slice(at + 3));
}

/** One text in both languages, of which the page shows the current one (see serverText). */
export function pair(nb, en) {
  const el = document.createElement('span');
  el.className = 'pair';
  const half = (lang, text) => Object.assign(document.createElement('span'), { lang, className: `msg-${lang}`, textContent: text });
  el.append(half('nb', nb), half('en', en));
  return el;
}

/** The same key in both languages, for a text built from another text (a role's name inside a sentence). */
export const both = key => texts[key] ?? [key, key];

/** A text element that follows the language toggle. */
export function T(key, args, tag = 'span') {
  const el = document.createElement(tag);
  el.dataset.t = key;
  if (args) el.dataset.args = JSON.stringify(args);
  el.textContent = t(key, args);
  return el;
}

/** Sets a translated attribute (aria-label, title, placeholder) that follows the toggle. */
export function ta(el, attribute, key, args) {
  const others = (el.dataset.ta ?? '').split(';').filter(pair => pair && !pair.startsWith(`${attribute}=`));
  el.dataset.ta = [...others, `${attribute}=${key}`].join(';'); // set again: replaces, never piles up
  if (args) el.dataset.args = JSON.stringify(args);
  el.setAttribute(attribute, t(key, args));
  return el;
}

/**
 * A number shown with the language's decimal sign (17,5 or 17.5); `digits` decimals (default 1),
 * `percent` shows a share 0–1 as a whole percentage (43 %).
 */
export function N(value, { sign = false, digits = 1, percent = false } = {}) {
  const el = document.createElement('span');
  el.className = 'num';
  if (value == null) {
    el.textContent = '–';
    return el;
  }
  el.dataset.num = String(value);
  if (sign) el.dataset.sign = '1';
  if (digits !== 1) el.dataset.digits = String(digits);
  if (percent) el.dataset.pct = '1';
  el.textContent = format(value, sign, digits, percent);
  return el;
}

// One Intl.NumberFormat per language and shape, not one per number: a report table formats hundreds.
const formatters = new Map();
function formatter(digits, percent) {
  const key = `${lang}|${digits}|${percent}`;
  if (!formatters.has(key)) {
    formatters.set(key, new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nb-NO', {
      minimumFractionDigits: percent ? 0 : digits, maximumFractionDigits: percent ? 0 : digits, style: percent ? 'percent' : 'decimal',
    }));
  }
  return formatters.get(key);
}

function format(value, sign = false, digits = 1, percent = false) {
  if (typeof value !== 'number') return value ?? '';
  if (Math.round(value * (percent ? 100 : 10 ** digits)) === 0) value = 0; // never "-0,0"
  const text = formatter(digits, percent).format(value).replace('\u2212', '-');
  return sign && value > 0 ? `+${text}` : text;
}

export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'nb';
  localStorage.setItem('fitservice.lang', lang);
  document.documentElement.lang = lang;
  refresh(document);
}

export function refresh(root) {
  for (const el of root.querySelectorAll('[data-t]'))
    el.textContent = t(el.dataset.t, el.dataset.args ? JSON.parse(el.dataset.args) : undefined);
  for (const el of root.querySelectorAll('[data-ta]')) {
    const args = el.dataset.args ? JSON.parse(el.dataset.args) : undefined;
    for (const pair of el.dataset.ta.split(';')) {
      const [attribute, key] = pair.split('=');
      el.setAttribute(attribute, t(key, args));
    }
  }
  for (const el of root.querySelectorAll('[data-num]'))
    el.textContent = format(Number(el.dataset.num), el.dataset.sign === '1', el.dataset.digits ? Number(el.dataset.digits) : 1,
      el.dataset.pct === '1');
}

// The page's language button (#lang-toggle): names the other language and switches to it; the staff UI and the
// client's rating page share it.
export function bindLanguageToggle(button) {
  const label = () => {
    button.textContent = lang === 'en' ? 'Norsk' : 'English';
    button.lang = lang === 'en' ? 'nb' : 'en';
  };
  button.addEventListener('click', () => {
    setLanguage(lang === 'en' ? 'nb' : 'en');
    label();
  });
  document.documentElement.lang = lang;
  label();
}
