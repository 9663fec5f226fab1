// "Show to client": the episode's graph full screen, for the clinician to turn the screen to the client. It shows the
// plain sentence for the client and the graph, and nothing else: no pseudonym, department or date of birth, no
// clinician's prompt, no alerts or menus. The graph is the clinician's own figure, moved here and moved back (one copy
// in the page, so its ids stay unique). Back with the button or Escape; the clinician is still signed in.
import { h } from '../dom.js';
import { T } from '../i18n.js';

/** The button that opens the view; statuses are the feedback section's (progress, and allianceLow when low). */
export function showToClientButton(statuses, figure) {
  return h('button', { type: 'button', class: 'show-client-open', 'data-testid': 'show-to-client',
    onclick: event => showToClient(statuses, figure, event.currentTarget) }, T('showClient.open'));
}

function showToClient(statuses, figure, opener) {
  const placeholder = document.createComment('graph shown to the client');
  figure.replaceWith(placeholder);
  const title = h('h1', { tabindex: -1, id: 'show-client-title' }, T('showClient.title'));
  const back = () => {
    document.removeEventListener('keydown', onKey);
    placeholder.replaceWith(figure);
    view.remove();
    for (const el of document.body.children) el.inert = false;
    document.body.classList.remove('show-client-on');
    opener.focus();
  };
  const onKey = event => { if (event.key === 'Escape') back(); };
  const view = h('div', { class: 'show-client', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'show-client-title',
    'data-testid': 'client-view' },
    h('div', { class: 'show-client-top' },
      h('button', { type: 'button', onclick: back, 'data-testid': 'client-view-back' }, T('showClient.back'))),
    h('div', { class: 'show-client-body' },
      title,
      h('div', { class: 'card talk-client', 'data-testid': 'client-view-sentence' },
        statuses.map(status => T(`feedback.client.${status}`, null, 'p'))),
      T('showClient.graphIntro', null, 'p'),
      figure));
  for (const el of document.body.children) el.inert = true;
  document.body.classList.add('show-client-on');
  document.body.append(view);
  document.addEventListener('keydown', onKey);
  title.focus();
}
