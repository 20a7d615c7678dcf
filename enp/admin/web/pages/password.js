// Password change; forced at the first login with the generated password.

import { api } from '../api.js';
import {
  busy, clearErrors, field, h, notice, setChildren, showError, submit, value,
} from '../ui.js';

export function render(root, { forced, user, onChanged }) {
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Change password' },
    field({ name: 'currentPassword', label: forced ? 'Current (generated) password'
      : 'Current password', type: 'password', autocomplete: 'current-password' }),
    field({ name: 'newPassword', label: 'New password', type: 'password',
      autocomplete: 'new-password', help: 'At least 12 characters.' }),
    field({ name: 'repeat', label: 'New password again', type: 'password',
      autocomplete: 'new-password' }),
    h('div', { class: 'actions' }, submit('Change password'),
      forced ? null : h('a', { class: 'btn ghost', href: '#/settings' }, 'Cancel')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (value(form, 'newPassword') !== value(form, 'repeat')) {
      showError(form, { field: 'repeat', message: 'The two new passwords differ.' });
      return;
    }
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await api('POST', 'password', { currentPassword: value(form, 'currentPassword'),
          newPassword: value(form, 'newPassword') });
        onChanged();
      } catch (e) {
        showError(form, e);
      }
    });
  });
  setChildren(root, h('main', { class: 'center', id: 'main' },
    h('section', { class: 'card narrow' },
      h('h1', {}, forced ? 'Choose your password' : 'Change password'),
      forced ? notice('warn', `Welcome, ${user}. The generated first-start password must be ` +
        'replaced before the console can be used. The file holding it is removed afterwards.')
        : null,
      form)));
  form.querySelector('[name=currentPassword]').focus();
}
