// The caseload: one of the user's departments, or only my clients, by risk (red, orange, overdue) or newest start,
// with the last session date, an overdue mark and a pseudonym search; paged. The server sorts and filters.
import { api, cached } from '../api.js';
import { h } from '../dom.js';
import { N, T } from '../i18n.js';
import { categoryBadge, departmentOptions } from './shared.js';

const PAGE = 50;
const STATUSES = ['open', 'closed', 'all'];
const SORTS = ['risk', 'started'];
const numeric = new Set(['overview.sessions', 'common.intake', 'common.last', 'overview.openAlerts']);

export async function overview({ match, params, user }) {
  const department = decodeURIComponent(match[1]);
  const state = {
    department,
    status: STATUSES.includes(params.get('status')) ? params.get('status') : 'open',
    mine: params.get('mine') === '1',
    sort: SORTS.includes(params.get('sort')) ? params.get('sort') : 'risk',
    q: (params.get('q') ?? '').trim().slice(0, 100),
    offset: Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0),
  };
  const go = changes => {
    const next = { ...state, offset: 0, ...changes };
    const q = new URLSearchParams({ status: next.status, sort: next.sort });
    if (next.mine) q.set('mine', '1');
    if (next.q) q.set('q', next.q);
    if (next.offset) q.set('offset', next.offset);
    location.hash = `#/departments/${encodeURIComponent(next.department)}?${q}`;
  };
  const query = new URLSearchParams({ department, status: state.status, sort: state.sort, limit: PAGE, offset: state.offset });
  if (state.mine) query.set('mine', 'true');
  if (state.q) query.set('search', state.q);
  const [list, departments] = await Promise.all([api(`/episodes?${query}`), cached('/departments')]);

  const select = (id, values, selected, label, onchange) =>
    h('select', { id, onchange }, values.map(v => h('option', { value: v, selected: v === selected }, T(`${label}${v}`))));
  const departmentSelect = h('select', { id: 'overview-department', onchange: e => go({ department: e.target.value }) },
    departmentOptions(user.departments, departments, department));
  const statusSelect = select('overview-status', STATUSES, state.status, 'status.', e => go({ status: e.target.value }));
  const scopeSelect = select('overview-scope', ['all', 'mine'], state.mine ? 'mine' : 'all', 'caseload.scope.',
    e => go({ mine: e.target.value === 'mine' }));
  const sortSelect = select('overview-sort', SORTS, state.sort, 'caseload.sort.', e => go({ sort: e.target.value }));
  const search = h('input', { type: 'search', id: 'overview-search', value: state.q, maxlength: 100, autocomplete: 'off' });
  const searchForm = h('form', { class: 'search', role: 'search', onsubmit: e => { e.preventDefault(); go({ q: search.value.trim() }); } },
    h('label', { for: search.id }, T('caseload.search')), search,
    h('button', { type: 'submit' }, T('caseload.searchButton')),
    state.q ? h('button', { type: 'button', class: 'link-button', onclick: () => go({ q: '' }) }, T('caseload.clearSearch')) : null);

  const from = list.total === 0 ? 0 : state.offset + 1;
  const to = state.offset + list.items.length;
  return h('section', null,
    h('div', { class: 'title-row' },
      T('overview.title', { department }, 'h1'),
      h('a', { class: 'button primary', href: '#/new' }, T('nav.newEpisode'))),
    h('div', { class: 'filters' },
      h('label', { for: departmentSelect.id }, T('common.department')), departmentSelect,
      h('label', { for: scopeSelect.id }, T('caseload.scope')), scopeSelect,
      h('label', { for: statusSelect.id }, T('overview.status')), statusSelect,
      h('label', { for: sortSelect.id }, T('caseload.sort')), sortSelect),
    searchForm,
    list.items.length === 0
      ? T(state.q ? 'caseload.noMatch' : 'overview.empty', null, 'p')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'caseload', 'data-testid': 'episode-list' },
        h('caption', { class: 'visually-hidden' }, T('overview.caption', { department })),
        h('thead', null, h('tr', null,
          ['overview.pseudonym', 'caseload.risk', 'caseload.lastSession', 'caseload.started', 'overview.sessions', 'common.intake',
            'common.last', 'common.category', 'overview.openAlerts'].map(k => h('th', { scope: 'col', class: numeric.has(k) ? 'n' : null }, T(k))))),
        h('tbody', null, list.items.map(row)))),
    list.items.length ? legend(list.overdueWeeks) : null,
    h('nav', { class: 'pager', 'aria-label': 'Sider / Pages' },
      T('overview.showing', { from, to, total: list.total }),
      state.offset > 0 ? h('button', { type: 'button', onclick: () => go({ offset: Math.max(0, state.offset - PAGE) }) }, T('common.previous')) : null,
      to < list.total ? h('button', { type: 'button', onclick: () => go({ offset: state.offset + PAGE }) }, T('common.next')) : null));
}

function legend(weeks) {
  const el = T('caseload.legend', { weeks }, 'p');
  el.className = 'muted caseload-legend';
  return el;
}

function row(e) {
  return h('tr', { 'data-episode': e.id, 'data-risk': e.risk, 'data-overdue': String(e.overdue) },
    h('th', { scope: 'row' }, h('a', { href: `#/episodes/${e.id}` }, e.pseudonym),
      e.endedOn ? h('span', { class: 'muted' }, ` (${e.endedOn})`) : null),
    h('td', null, e.risk === 'none' ? h('span', { class: 'muted' }, '–') : h('span', { class: `badge risk-${e.risk}` }, T(`risk.${e.risk}`))),
    h('td', { class: 'last-session' }, h('span', { class: 'date' }, e.lastSessionOn ?? T('caseload.noSession', null, 'span')),
      e.overdue ? [' ', h('span', { class: 'badge overdue', 'data-testid': 'overdue' }, T('caseload.overdue'))] : null),
    h('td', { class: 'date' }, e.startedOn),
    h('td', { class: 'n' }, String(e.sessionCount)),
    h('td', { class: 'n' }, N(e.intakeTotal)),
    h('td', { class: 'n' }, N(e.lastTotal)),
    h('td', null, categoryBadge(e.category)),
    h('td', { class: 'n' }, e.openAlerts
      ? h('span', { class: 'badge alert-count' }, String(e.openAlerts))
      : h('span', { class: 'muted' }, '0')));
}
