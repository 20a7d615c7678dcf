// Login: user + password, and the one-time code for users with a second factor (asked for when
// the API answers totpRequired); the first start's password is in a 0600 file named in the log.

import { api } from '../api.js';
import {
  busy, field, h, sentence, setChildren, showError, submit, value,
} from '../ui.js';

/**
 * `ended`: why the previous session ended (shown above the form), or ''; `returnTo`: the page
 * the login leads back to, named so the administrator knows.
 */
export function render(root, { onLogin, ended = '', returnTo = '' }) {
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Log in' },
    field({ name: 'user', label: 'User', value: 'admin', autocomplete: 'username',
      required: true }),
    field({ name: 'password', label: 'Password', type: 'password',
      autocomplete: 'current-password', required: true }),
    h('div', { class: 'code-slot' }),
    h('div', { class: 'actions' }, submit('Log in')));
  const askForCode = () => {
    if (form.querySelector('[name=code]')) return;
    form.querySelector('.code-slot').replaceWith(field({ name: 'code', label: 'One-time code',
      inputmode: 'numeric', autocomplete: 'one-time-code', required: true,
      help: 'The 6-digit code your authenticator app shows for ENP.' }));
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const body = { user: value(form, 'user'), password: value(form, 'password') };
        const code = value(form, 'code');
        if (code) body.code = code.replace(/\s+/g, '');
        const answer = await api('POST', 'login', body);
        onLogin(answer);
      } catch (e) {
        if (e.status === 401 && e.body.totpRequired) {
          const first = !form.querySelector('[name=code]');
          askForCode();
          e.field = 'code';
          e.message = first ? 'Enter the one-time code from your authenticator app.'
            : 'Wrong or already used code: wait for the next one.';
          form.querySelector('[name=code]').value = '';
        } else if (e.status === 403) {
          e.field = 'user';
        } else if (e.status === 401) {
          e.message = 'Wrong user name or password.';
          e.field = 'password';
        } else if (e.status === 429) {
          // The server says how long ("try again in 14 minute(s)").
          e.message = `${sentence(e.message)}. Or set a password on the server with ` +
            '"enp admin set-password".';
        }
        showError(form, e);
      }
    });
  });
  const hint = h('p', { class: 'help', 'data-testid': 'login-hint' }, 'Forgot your password? ' +
    'Run ', h('code', {}, 'enp admin set-password'), ' on the server.');
  setChildren(root, h('main', { class: 'center', id: 'main' },
    h('section', { class: 'card narrow' },
      h('div', { class: 'brand big' }, h('img', { src: '/assets/favicon.svg', alt: '',
        width: 32, height: 32 }), 'ENP console'),
      h('h1', {}, 'Log in'),
      ended ? h('div', { class: 'notice info', role: 'status', 'data-testid': 'session-ended' },
        ended) : null,
      returnTo ? h('p', { class: 'sub', 'data-testid': 'return-to' },
        `After logging in you return to ${returnTo}.`) : null,
      form, hint)));
  // The first-start hint only while the generated password waits to be replaced.
  api('GET', 'login').then((r) => {
    if (r && r.firstStart) {
      hint.prepend('First start: user ', h('code', {}, 'admin'),
        ', password in the file ENP names in its log (',
        h('code', {}, '<data_dir>/initial-admin-password'), '). ');
      hint.dataset.firstStart = 'true';
    }
  }, () => {});
  form.querySelector(value(form, 'user') ? '[name=password]' : '[name=user]').focus();
}
