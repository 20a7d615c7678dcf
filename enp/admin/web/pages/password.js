// Password change (forced at the first login with a generated or reset password) and the
// optional TOTP second factor of the logged-in user.

import { api } from '../api.js';
import {
  busy, clearErrors, copyButton, field, h, notice, setChildren, showError, submit, value,
} from '../ui.js';

function passwordForm(label, onSubmit) {
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': label },
    field({ name: 'currentPassword', label: 'Your password', type: 'password',
      autocomplete: 'current-password' }),
    h('div', { class: 'actions' }, submit(label)));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await onSubmit(value(form, 'currentPassword'));
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return form;
}

/** The second factor: turn on (secret shown once, confirmed with a code) or off. */
function secondFactor(enabled, onTotpChanged) {
  const body = h('div', { 'data-testid': 'totp' });
  const showOff = () => setChildren(body,
    h('p', {}, 'Off. With a second factor, logging in also asks for a 6-digit code from an ',
      'authenticator app (any app for "TOTP" codes).'),
    passwordForm('Set up a second factor', async (currentPassword) => {
      const r = await api('POST', 'totp/enrol', { currentPassword });
      showEnrol(r);
    }));
  const showOn = (message) => setChildren(body,
    message ? notice('ok', message) : null,
    h('p', {}, 'On: logging in asks for a code from your authenticator app.'),
    passwordForm('Turn off the second factor', async (currentPassword) => {
      await api('POST', 'totp/disable', { currentPassword });
      onTotpChanged(false);
      showOff();
      body.prepend(notice('ok', 'The second factor is off.'));
    }));
  const showEnrol = (r) => {
    const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Confirm code' },
      field({ name: 'code', label: 'Code shown by the app', inputmode: 'numeric',
        autocomplete: 'one-time-code' }),
      h('div', { class: 'actions' }, submit('Turn on')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      await busy(form.querySelector('button[type=submit]'), async () => {
        try {
          await api('POST', 'totp/confirm', { code: value(form, 'code').replace(/\s+/g, '') });
          onTotpChanged(true);
          showOn('The second factor is on.');
        } catch (e) {
          showError(form, e);
        }
      });
    });
    setChildren(body,
      notice('warn', h('strong', {}, 'Add this key to your authenticator app now: '),
        'it is shown only this once.'),
      h('p', {}, 'Open the link on the phone, or enter the key by hand (time-based, 6 digits, ',
        '30 seconds).'),
      h('div', { class: 'secret-row' }, h('code', { class: 'secret', 'data-secret': '',
        'data-testid': 'totp-secret' }, r.secret), copyButton(() => r.secret, 'Copy key')),
      h('div', { class: 'secret-row' }, h('code', { class: 'secret', 'data-testid': 'totp-uri' },
        r.uri), copyButton(() => r.uri, 'Copy link')),
      form);
    form.querySelector('[name=code]').focus();
  };
  if (enabled) showOn(); else showOff();
  return body;
}

export function render(root, {
  forced, user, onChanged, totpEnabled = false, back = '#/dashboard', onTotpChanged = () => {},
}) {
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Change password' },
    field({ name: 'currentPassword', label: forced ? 'Current (generated) password'
      : 'Current password', type: 'password', autocomplete: 'current-password' }),
    field({ name: 'newPassword', label: 'New password', type: 'password',
      autocomplete: 'new-password', help: 'At least 12 characters.' }),
    field({ name: 'repeat', label: 'New password again', type: 'password',
      autocomplete: 'new-password' }),
    h('div', { class: 'actions' }, submit('Change password'),
      forced ? null : h('a', { class: 'btn ghost', href: back }, 'Back')));
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
      form),
    forced ? null : h('section', { class: 'card narrow' },
      h('h2', {}, 'Second factor (one-time codes)'), secondFactor(totpEnabled, onTotpChanged))));
  form.querySelector('[name=currentPassword]').focus();
}
