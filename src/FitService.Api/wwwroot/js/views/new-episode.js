// A new client (pseudonym + birth year) and their first episode, in one form.
import { api, cached, idempotencyKeys } from '../api.js';
import { h, today, uuid } from '../dom.js';
import { busy, errorSummary, field, showProblem } from '../forms.js';
import { T } from '../i18n.js';
import { departmentOptions } from './shared.js';

export async function newEpisode({ user }) {
  const departments = await cached('/departments');
  const pseudonym = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: 60 });
  const birthYear = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', size: 6 });
  const department = h('select', null, departmentOptions(user.departments, departments, user.departments[0]));
  const startedOn = h('input', { type: 'date', value: today(), max: today() });
  const clientKey = idempotencyKeys(uuid);
  const episodeKey = idempotencyKeys(uuid);
  let created = null; // the client made by an earlier try whose episode was refused: not made twice

  const form = h('form', { class: 'card narrow', novalidate: true, 'data-testid': 'new-episode-form' },
    errorSummary(),
    field({ name: 'pseudonym', label: T('new.pseudonym'), input: pseudonym, hint: T('new.pseudonymHint') }),
    field({ name: 'birthYear', label: T('new.birthYear'), input: birthYear }),
    field({ name: 'departmentCode', label: T('common.department'), input: department }),
    field({ name: 'startedOn', label: T('new.startedOn'), input: startedOn, hint: T('new.instrumentsHint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, T('new.submit'))));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const year = birthYear.value.trim();
    const client = {
      pseudonym: pseudonym.value.trim(),
      birthYear: /^\d{1,4}$/.test(year) ? Number(year) : null,
      departmentCode: department.value,
    };
    await busy(form, async () => {
      try {
        if (created?.body !== JSON.stringify(client)) {
          const response = await api('/clients', { method: 'POST', body: client, idempotencyKey: clientKey(client) });
          created = { id: response.id, body: JSON.stringify(client) };
        }
        const episode = { clientId: created.id, departmentCode: client.departmentCode, startedOn: startedOn.value };
        const response = await api('/episodes', { method: 'POST', body: episode, idempotencyKey: episodeKey(episode) });
        location.hash = `#/episodes/${response.id}`;
      } catch (e) {
        if (e.status !== 401) showProblem(form, e);
      }
    });
  });

  return h('section', null, T('new.title', null, 'h1'), form);
}
