// Department overview: the episodes of one of the user's departments, with their summary, paged.
import { api, cached } from '../api.js';
import { h } from '../dom.js';
import { N, T } from '../i18n.js';
import { categoryBadge, departmentOptions } from './shared.js';

const PAGE = 50;
const numeric = new Set(['overview.sessions', 'common.intake', 'common.last', 'overview.openAlerts']);

export async function overview({ match, params, user }) {
  const department = decodeURIComponent(match[1]);
  const status = ['open', 'closed', 'all'].includes(params.get('status')) ? params.get('status') : 'open';
  const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0);
  const go = changes => {
    const next = { department, status, offset, ...changes };
    const q = new URLSearchParams({ status: next.status });
    if (next.offset) q.set('offset', next.offset);
    location.hash = `#/departments/${encodeURIComponent(next.department)}?${q}`;
  };
  const [list, departments] = await Promise.all([
    api(`/episodes?department=${encodeURIComponent(department)}&status=${status}&limit=${PAGE}&offset=${offset}`),
    cached('/departments'),
  ]);

  const departmentSelect = h('select', { id: 'overview-department', onchange: e => go({ department: e.target.value, offset: 0 }) },
    departmentOptions(user.departments, departments, department));
  const statusSelect = h('select', { id: 'overview-status', onchange: e => go({ status: e.target.value, offset: 0 }) },
    ['open', 'closed', 'all'].map(s => h('option', { value: s, selected: s === status }, T(`status.${s}`))));

  const rows = list.items.map(e => h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: `#/episodes/${e.id}` }, e.pseudonym)),
    h('td', null, e.startedOn, e.endedOn ? h('span', { class: 'muted' }, ` – ${e.endedOn}`) : null),
    h('td', { class: 'n' }, String(e.sessionCount)),
    h('td', null, e.outcomeInstrument),
    h('td', { class: 'n' }, N(e.intakeTotal)),
    h('td', { class: 'n' }, N(e.lastTotal)),
    h('td', null, categoryBadge(e.category)),
    h('td', { class: 'n' }, e.openAlerts
      ? h('span', { class: 'badge alert-count' }, String(e.openAlerts))
      : h('span', { class: 'muted' }, '0'))));

  const from = list.total === 0 ? 0 : offset + 1;
  const to = offset + list.items.length;
  return h('section', null,
    h('div', { class: 'title-row' },
      T('overview.title', { department }, 'h1'),
      h('a', { class: 'button primary', href: '#/new' }, T('nav.newEpisode'))),
    h('div', { class: 'filters' },
      h('label', { for: departmentSelect.id }, T('common.department')), departmentSelect,
      h('label', { for: statusSelect.id }, T('overview.status')), statusSelect),
    list.items.length === 0
      ? T('overview.empty', null, 'p')
      : h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'episode-list' },
        h('caption', { class: 'visually-hidden' }, T('overview.caption', { department })),
        h('thead', null, h('tr', null,
          ['overview.pseudonym', 'overview.period', 'overview.sessions', 'common.instrument', 'common.intake', 'common.last',
            'common.category', 'overview.openAlerts'].map(k => h('th', { scope: 'col', class: numeric.has(k) ? 'n' : null }, T(k))))),
        h('tbody', null, rows))),
    h('nav', { class: 'pager', 'aria-label': 'Sider / Pages' },
      T('overview.showing', { from, to, total: list.total }),
      offset > 0 ? h('button', { type: 'button', onclick: () => go({ offset: Math.max(0, offset - PAGE) }) }, T('common.previous')) : null,
      to < list.total ? h('button', { type: 'button', onclick: () => go({ offset: offset + PAGE }) }, T('common.next')) : null));
}
