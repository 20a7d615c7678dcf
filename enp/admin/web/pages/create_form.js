// What the Registration keys and API tokens pages share: a one-field create form and the
// secret shown once after creating.

import {
  busy, clearErrors, copyButton, field, h, notice, showError, submit, value,
} from '../ui.js';

export function secretOnce(title, secret) {
  return notice('ok', h('strong', {}, title),
    h('p', {}, 'Copy it now: it will not be shown again.'),
    h('div', { class: 'secret-row' }, h('code', { class: 'secret', 'data-secret': '' }, secret),
      copyButton(() => secret)));
}

export function createForm(label, placeholder, onCreate, more = []) {
  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': label },
    field({ name: 'label', label: 'Label', placeholder, required: true }), ...more,
    h('div', { class: 'actions' }, submit(label)));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await onCreate(value(form, 'label').trim(), form);
        form.reset();
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return form;
}
