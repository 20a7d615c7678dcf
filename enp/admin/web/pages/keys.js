// Registration keys: handed to apps by device management; each app registers with one.

import { api } from '../api.js';
import {
  badge, button, card, confirmAction, h, notice, pageHeader, row, setChildren, table, when,
} from '../ui.js';
import { createForm, secretOnce } from './create_form.js';

export async function render(root) {
  const keyOnce = h('div', { 'aria-live': 'polite' });
  const keyList = h('div');

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

  setChildren(root, pageHeader('Registration keys',
    'Apps register a mailbox with one of these keys (Bearer on POST /api/v1/registrations). ' +
    'Give each device-management system its own key, so one can be revoked alone. API tokens ' +
    'for scripts on the admin API are on their own page.'),
  card('New registration key', createForm('Create key', 'uem', async (label) => {
    const r = await api('POST', 'registration-keys', { label });
    setChildren(keyOnce, secretOnce(`Registration key "${r.label}" created.`, r.key));
    loadKeys();
  }), keyOnce),
  card('Keys', keyList));
  await loadKeys();
}
