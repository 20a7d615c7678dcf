// Registration keys (handed to apps by device management) and API tokens (automation).

import { api } from '../api.js';
import {
  badge, busy, button, card, clearErrors, confirmAction, copyButton, field, h, notice, pageHeader,
  fmtTime, row, setChildren, showError, submit, table, value, when,
} from '../ui.js';

function secretOnce(title, secret) {
  return notice('ok', h('strong', {}, title),
    h('p', {}, 'Copy it now: it will not be shown again.'),
    h('div', { class: 'secret-row' }, h('code', { class: 'secret', 'data-secret': '' }, secret),
      copyButton(() => secret)));
}

function createForm(label, placeholder, onCreate, more = []) {
  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': label },
    field({ name: 'label', label: 'Label', placeholder }), ...more,
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

export async function render(root, { may = () => true } = {}) {
  const keyOnce = h('div', { 'aria-live': 'polite' });
  const keyList = h('div');
  const tokenOnce = h('div', { 'aria-live': 'polite' });
  const tokenList = h('div');

  async function loadKeys() {
    const keys = await api('GET', 'registration-keys');
    const cols = ['Label', 'Key', 'Created', 'Last used', ''];
    setChildren(keyList, table(cols, keys.map((k) => row(cols, [h('strong', {}, k.label),
      k.keySet ? badge('ok', 'set') : badge('warn', 'empty'), when(k.createdAt),
      when(k.lastUsedAt), button('Revoke', async () => {
        if (!confirmAction(`Revoke "${k.label}"? Apps using it can no longer register ` +
          '(existing registrations stay).')) return;
        await api('DELETE', `registration-keys/${encodeURIComponent(k.label)}`);
        setChildren(keyOnce, notice('ok', `Key "${k.label}" revoked.`));
        loadKeys();
      }, 'danger small')], { 'data-key': k.label })), { empty: 'No registration key yet.',
      testid: 'keys' }));
  }

  async function loadTokens() {
    const tokens = await api('GET', 'api-tokens');
    const cols = ['Label', 'Role', 'Created', 'By', 'Last used', 'Expires', 'State', ''];
    setChildren(tokenList, table(cols, tokens.map((t) => row(cols, [h('strong', {}, t.label),
      t.role, when(t.createdAt), t.createdBy, when(t.lastUsedAt),
      t.expiresAt ? fmtTime(t.expiresAt) : 'never',
      t.revokedAt ? badge('muted', 'revoked')
        : t.expired ? badge('warn', 'expired') : badge('ok', 'active'),
      t.revokedAt ? '' : button('Revoke', async () => {
        if (!confirmAction(`Revoke the API token "${t.label}"?`)) return;
        await api('DELETE', `api-tokens/${t.id}`);
        setChildren(tokenOnce, notice('ok', `API token "${t.label}" revoked.`));  // not "copy it"
        loadTokens();
      }, 'danger small')])), { empty: 'No API token.' }));
  }

  setChildren(root, pageHeader('Registration keys',
    'Apps register a mailbox with one of these keys (Bearer on POST /api/v1/registrations). ' +
    'Give each device-management system its own key, so one can be revoked alone.'),
  card('New registration key', createForm('Create key', 'uem', async (label) => {
    const r = await api('POST', 'registration-keys', { label });
    setChildren(keyOnce, secretOnce(`Registration key "${r.label}" created.`, r.key));
    loadKeys();
  }), keyOnce),
  card('Keys', keyList),
  // API tokens are for admins only (the API refuses the other roles).
  may('admin') ? card('API tokens', h('p', { class: 'help' }, 'For scripts: ', h('code', {},
    'Authorization: Bearer enp_…'), ' on the admin API, with the powers of the role chosen.'),
  createForm('Create token', 'backup-script', async (label, form) => {
    const body = { label, role: value(form, 'role') };
    const days = Number(value(form, 'expiresInDays'));
    if (days > 0) body.expiresInDays = days;
    const r = await api('POST', 'api-tokens', body);
    setChildren(tokenOnce, secretOnce(`API token "${r.label}" created.`, r.token));
    loadTokens();
  }, [
    field({ name: 'role', label: 'Role', value: 'operator', options: [
      ['helpdesk', 'Help desk: registrations and decisions'],
      ['operator', 'Operator: reads everything, changes no settings'],
      ['admin', 'Admin: everything']] }),
    field({ name: 'expiresInDays', label: 'Expires', value: '90', options: [
      ['30', 'in 30 days'], ['90', 'in 90 days'], ['365', 'in a year'], ['0', 'never']] }),
  ]), tokenOnce, tokenList) : null);
  await Promise.all([loadKeys(), may('admin') ? loadTokens() : null]);
}
