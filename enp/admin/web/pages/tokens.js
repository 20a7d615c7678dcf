// API tokens: for scripts on the admin API, each with a role and an expiry (admins only).

import { api } from '../api.js';
import {
  badge, button, card, confirmAction, field, fmtTime, h, notice, pageHeader, row, setChildren,
  table, value, when,
} from '../ui.js';
import { createForm, secretOnce } from './create_form.js';

export async function render(root) {
  const tokenOnce = h('div', { 'aria-live': 'polite' });
  const tokenList = h('div');

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
      }, 'danger small')])), { empty: 'No API token.', testid: 'api-tokens' }));
  }

  setChildren(root, pageHeader('API tokens',
    'For scripts: Authorization: Bearer enp_… on the admin API (docs/admin-api.md), with the ' +
    'powers of the role chosen. Each token is shown once, when it is created.'),
  card('New API token', createForm('Create token', 'backup-script', async (label, form) => {
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
  ]), tokenOnce),
  card('Tokens', tokenList));
  await loadTokens();
}
