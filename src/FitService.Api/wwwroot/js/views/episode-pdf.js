// The episode on one printable page (PDF), to print, put in the record (EPJ) or give the client.
import { h } from '../dom.js';
import { T, language } from '../i18n.js';

const summaryUrl = id => `/api/v1/episodes/${encodeURIComponent(id)}/summary.pdf?lang=${language()}`;

/** A link to the episode's summary PDF, in the language the page shows when the link is followed. */
export function summaryPdfLink(id) {
  const link = h('a', { class: 'button summary-pdf', href: summaryUrl(id), 'data-testid': 'episode-pdf' }, T('episode.pdf'));
  link.addEventListener('click', () => { link.href = summaryUrl(id); }); // the language may have changed since
  return link;
}
