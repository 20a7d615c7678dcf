// Console users and their roles (admins only): create, change role, disable, reset a password
// or a lost second factor, remove. The API keeps at least one enabled admin and refuses changes
// to one's own role.

import { api } from '../api.js';
import {
  badge, busy, button, card, clearErrors, confirmAction, field, fmtTime, h, notice, pageHeader,
  row, setChildren, showError, submit, table, value,
} from '../ui.js';

const ROLE_OPTIONS = [
  ['helpdesk', 'Help desk'],
  ['operator', 'Operator'],
  ['admin', 'Admin'],
];

export async function render(root, { user: me = '' } = {}) {
  const message = h('div', { 'aria-live': 'polite' });
  const list = h('div');

  const say = (kind, text) => setChildren(message, notice(kind, text));
  const act = async (fn, done) => {
    try {
      await fn();
      if (done) say('ok', done);
      await load();
    } catch (e) {
      say('error', e.message);
    }
  };

  function roleSelect(u) {
    const select = h('select', { 'aria-label': `Role of ${u.name}`, disabled: u.name === me },
      ROLE_OPTIONS.map(([v, t]) => h('option', { value: v, selected: v === u.role }, t)));
    select.addEventListener('change', () => act(
      () => api('PUT', `users/${encodeURIComponent(u.name)}`, { role: select.value }),
      `${u.name} is now ${select.value}; their sessions ended.`));
    return select;
  }

  function actions(u) {
    const name = encodeURIComponent(u.name);
    return h('div', { class: 'inline' },
      u.name === me ? null : button(u.disabled ? 'Enable' : 'Disable', () => act(
        () => api('PUT', `users/${name}`, { disabled: !u.disabled }),
        `${u.name} ${u.disabled ? 'enabled' : 'disabled'}.`), 'small'),
      button('New password', () => {
        const password = window.prompt(`A new password for ${u.name} (at least 12 characters; ` +
          'they choose their own at the next login):');
        if (!password) return;
        act(() => api('POST', `users/${name}/password`, { password }),
          `${u.name} has a new password, to be changed at the next login.`);
      }, 'small'),
      u.totpEnabled ? button('Remove second factor', () => {
        if (!confirmAction(`Remove the second factor of ${u.name}? (a lost phone)`)) return;
        act(() => api('DELETE', `users/${name}/totp`), `Second factor of ${u.name} removed.`);
      }, 'small') : null,
      u.name === me ? null : button('Remove', () => {
        if (!confirmAction(`Remove the console user ${u.name}?`)) return;
        act(() => api('DELETE', `users/${name}`), `${u.name} removed.`);
      }, 'danger small'));
  }

  async function load() {
    const users = await api('GET', 'users');
    const cols = ['User', 'Role', 'State', 'Second factor', 'Changed', ''];
    setChildren(list, table(cols, users.map((u) => row(cols, [
      h('strong', {}, u.name, u.name === me ? ' (you)' : ''),
      roleSelect(u),
      u.disabled ? badge('muted', 'disabled')
        : u.mustChangePassword ? badge('warn', 'must change password') : badge('ok', 'active'),
      u.totpEnabled ? badge('ok', 'on') : 'off',
      fmtTime(u.updatedAt),
      actions(u)], { 'data-user': u.name })), { testid: 'users', empty: 'No user.' }));
  }

  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': 'New user' },
    field({ name: 'name', label: 'User name', placeholder: 'jane.doe', autocomplete: 'off',
      required: true }),
    field({ name: 'role', label: 'Role', value: 'helpdesk', options: ROLE_OPTIONS }),
    field({ name: 'password', label: 'First password', type: 'password', required: true,
      autocomplete: 'new-password', help: 'They replace it at their first login.' }),
    h('div', { class: 'actions' }, submit('Create user')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const u = await api('POST', 'users', { name: value(form, 'name').trim(),
          role: value(form, 'role'), password: value(form, 'password') });
        form.reset();
        say('ok', `${u.name} created as ${u.role}.`);
        await load();
      } catch (e) {
        showError(form, e);
      }
    });
  });

  setChildren(root, pageHeader('Users',
    'Who may use the console. Admin: everything. Operator: reads everything and retries ' +
    'mail, changes no settings and sees no secret. Help desk: registrations and their ' +
    'decisions only.'),
  card('New user', form), message, card('Users', list));
  await load();
}
