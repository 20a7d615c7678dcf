// CNS: where pushes go, the organisation's token, the signing algorithm and key; Send test.

import { api } from '../api.js';
import {
  busy, button, card, clearErrors, copyButton, field, fileLoader, h, notice, pageHeader, sentence,
  setChildren, showError, submit, value,
} from '../ui.js';

const ALGS = [['ES256', 'ES256 (P-256 key)'], ['RS256', 'RS256 (RSA ≥ 2048 key)'],
  ['HS256', 'HS256 (shared secret ≥ 32 bytes)']];

function publicKeyBox(pem) {
  if (!pem) return null;
  return h('div', { class: 'stack small-gap', id: 'public-key' },
    h('div', { class: 'card-head' }, h('h3', {}, 'Public key (give it to the CNS operator)'),
      copyButton(() => pem)),
    h('pre', { class: 'pem' }, pem));
}

function settingsForm(root, cns) {
  const keyArea = field({ name: 'key', label: 'Signing key', rows: 5, secret: true,
    secretSet: cns.keySet, placeholder: '-----BEGIN PRIVATE KEY-----',
    help: 'PEM private key for ES256/RS256, the shared secret for HS256.' });
  keyArea.append(fileLoader('Upload key file…', keyArea.querySelector('textarea'),
    '.pem,.key,.txt'));
  const form = h('form', { class: 'grid-form', novalidate: true, 'aria-label': 'CNS settings' },
    field({ name: 'url', label: 'CNS URL', type: 'url', value: cns.url,
      placeholder: 'https://cns.example.net/v1/notifications',
      help: 'Where ENP sends the pushes: the CNS operator gives it to you.' }),
    field({ name: 'organizationId', label: 'Organisation id', value: cns.organizationId,
      help: 'Issued to your organisation by the CNS operator, with the token; ENP signs every ' +
        'push with it (the JWT\'s iss). See the README, \"Configure a first Exchange server, service account and CNS\".' }),
    field({ name: 'token', label: 'Organisation token', type: 'password', secret: true,
      secretSet: cns.tokenSet,
      help: 'The bearer token the CNS operator issued to your organisation (sent as ' +
        'Authorization: Bearer); not the signing key below.' }),
    field({ name: 'audience', label: 'Audience', value: cns.audience,
      placeholder: 'cns.example.net',
      help: 'The name CNS expects in the JWT\'s aud, from the CNS operator (often its host ' +
        'name). A wrong one is refused with HTTP 401.' }),
    field({ name: 'algorithm', label: 'Algorithm', value: cns.algorithm || 'ES256',
      options: ALGS }),
    field({ name: 'keyId', label: 'Key id (kid)', value: cns.keyId, placeholder: 'enp-1',
      help: 'Names your public key at CNS: agree it with the CNS operator when you hand them ' +
        'the public key.' }),
    keyArea,
    h('div', { class: 'actions' }, submit('Save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = {};
    for (const n of ['url', 'organizationId', 'audience', 'algorithm', 'keyId']) {
      body[n] = value(form, n).trim();
    }
    if (value(form, 'token')) body.token = value(form, 'token');
    if (value(form, 'key')) body.key = value(form, 'key');
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await api('PUT', 'cns', body);
        await render(root);
        setChildren(root.querySelector('#cns-saved'), notice('ok', 'CNS settings saved.'));
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return form;
}

function generateForm(root, cns) {
  const form = h('form', { class: 'inline-form', novalidate: true,
    'aria-label': 'Generate a key' },
  field({ name: 'keyId', label: 'Key id for the new key', value: cns.keyId || 'enp-1' }),
  h('div', { class: 'actions' }, submit('Generate ES256 key', 'secondary')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (cns.keySet && !window.confirm('Replace the stored signing key with a new one?')) return;
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const r = await api('POST', 'cns/generate-key', { keyId: value(form, 'keyId').trim() });
        await render(root);
        setChildren(root.querySelector('#cns-saved'), notice('ok',
          `A new ES256 key "${r.keyId}" is stored. Give its public key to the CNS operator.`));
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return form;
}

function testBlock() {
  const result = h('div', { class: 'test-result', 'aria-live': 'polite' });
  const btn = button('Send test', async () => {
    setChildren(result, h('p', { class: 'sub' }, 'Sending…'));
    await busy(btn, async () => {
      try {
        const r = await api('POST', 'cns/test', {});
        setChildren(result, notice(r.ok ? 'ok' : 'error',
          h('strong', {}, r.ok ? 'Test passed. ' : 'Test failed. '), sentence(r.detail),
          h('div', { class: 'sub' }, `Outcome ${r.outcome}` +
            `${r.httpStatus ? `, HTTP ${r.httpStatus}` : ''}; device token ` +
            `${r.deviceToken || '—'}.`)));
        result.firstChild.dataset.testOk = String(r.ok);
      } catch (e) {
        setChildren(result, notice('error', e.message));
      }
    });
  }, 'secondary');
  return [h('div', { class: 'actions' }, btn), result];
}

export async function render(root) {
  const cns = await api('GET', 'cns');
  setChildren(root, pageHeader('CNS',
    'The cloud notification service that wakes the apps: every push is a JWT signed with ' +
    'the key below.'),
  h('div', { id: 'cns-saved', 'aria-live': 'polite' }),
  card('Connection and signing', settingsForm(root, cns)),
  card('Generate a key', h('p', { class: 'help' }, 'ENP creates a P-256 key pair, keeps the ' +
    'private key (never shown) and shows the public key.'), generateForm(root, cns),
  publicKeyBox(cns.publicKey)),
  card('Send test', h('p', { class: 'help' }, 'Sends a signed generic notification to the ' +
    'device token enp-console-test and shows what CNS answered.'), ...testBlock()));
}
