// Exchange servers: list, add, edit, delete, and Test (credentials, impersonation, GetItem).

import { api } from '../api.js';
import {
  badge, busy, button, card, clearErrors, confirmAction, facts, field, h, notice, pageHeader,
  sentence, setChildren, showError, submit, value,
} from '../ui.js';

const VERSIONS = ['Exchange2016', 'Exchange2013_SP1', 'Exchange2013', 'Exchange2010_SP2',
  'Exchange2010_SP1', 'Exchange2010', 'Exchange2007_SP1'];
const SUBSCRIBERS = [['app', 'The app'], ['enp', 'ENP (kept alive by ENP)']];
const AUTH = [['basic', 'Basic'], ['ntlm', 'NTLM'], ['negotiate', 'Negotiate (Kerberos)'],
  ['certificate', 'Client certificate']];

function serverForm(server, onDone, onCancel) {
  const s = server || { auth: { type: 'basic' }, domains: [], version: 'Exchange2016' };
  const form = h('form', { class: 'grid-form', novalidate: true,
    'aria-label': server ? `Edit ${server.name}` : 'Add an Exchange server' },
  field({ name: 'name', label: 'Name', value: s.name, placeholder: 'mail1', required: true }),
  field({ name: 'ewsUrl', label: 'EWS URL', type: 'url', value: s.ewsUrl, required: true,
    placeholder: 'https://mail.contoso.com/EWS/Exchange.asmx' }),
  field({ name: 'version', label: 'Server version', value: s.version,
    options: VERSIONS.map((v) => [v, v === 'Exchange2016' ? 'Exchange2016 (also 2019)' : v]) }),
  field({ name: 'auth.type', label: 'Authentication', value: s.auth.type, options: AUTH }),
  field({ name: 'auth.username', label: 'Service account', value: s.auth.username,
    placeholder: 'svc-enp@contoso.com', autocomplete: 'off' }),
  field({ name: 'auth.password', label: 'Password', type: 'password', secret: true,
    secretSet: s.auth.passwordSet }),
  field({ name: 'auth.certFile', label: 'Client certificate (PEM file on the server)',
    value: s.auth.certFile }),
  field({ name: 'auth.keyFile', label: 'Client key (PEM file on the server)',
    value: s.auth.keyFile }),
  field({ name: 'allowInsecureHttp', label: 'Lab only: allow http:// with Basic ' +
    'authentication (the secret crosses the network in clear)', type: 'checkbox',
  value: Boolean(s.allowInsecureHttp) }),
  field({ name: 'caFile', label: 'CA bundle (PEM file on the server)', value: s.caFile,
    help: 'Empty: the system trust store. TLS is always verified.' }),
  field({ name: 'domains', label: 'Mail domains it serves', value: (s.domains || []).join(', '),
    placeholder: 'contoso.com, fabrikam.com', help: 'Comma-separated. None: every other domain.' }),
  field({ name: 'subscriptions', label: 'Push subscriptions made by',
    value: s.subscriptions || 'app', options: SUBSCRIBERS,
    help: 'ENP: ENP subscribes every registration, notices a silent subscription and renews ' +
      'it, catching up on what was missed.' }),
  field({ name: 'statusFrequencyMinutes', label: 'Heartbeat every (minutes)', type: 'number',
    value: String(s.statusFrequencyMinutes || 15),
    help: '1–1440. A subscription silent for twice this is renewed.' }),
  h('div', { class: 'actions' }, submit(server ? 'Save' : 'Add server'),
    button('Cancel', onCancel, 'ghost')));
  const certOnly = ['auth.certFile', 'auth.keyFile'];
  const syncAuth = () => {
    const cert = value(form, 'auth.type') === 'certificate';
    certOnly.forEach((n) => { form.querySelector(`[data-field="${n}"]`).hidden = !cert; });
    form.querySelector('[data-field="auth.password"]').hidden = cert;
  };
  form.querySelector('[name="auth.type"]').addEventListener('change', syncAuth);
  syncAuth();
  // Offered only where it applies: an http:// URL with Basic authentication.
  const syncInsecure = () => {
    form.querySelector('[data-field="allowInsecureHttp"]').hidden =
      !/^http:\/\//i.test(value(form, 'ewsUrl').trim()) || value(form, 'auth.type') !== 'basic';
  };
  form.querySelector('[name="ewsUrl"]').addEventListener('input', syncInsecure);
  form.querySelector('[name="auth.type"]').addEventListener('change', syncInsecure);
  syncInsecure();
  const syncSubscriptions = () => {
    form.querySelector('[data-field="statusFrequencyMinutes"]').hidden =
      value(form, 'subscriptions') !== 'enp';
  };
  form.querySelector('[name="subscriptions"]').addEventListener('change', syncSubscriptions);
  syncSubscriptions();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = {
      name: value(form, 'name').trim(),
      ewsUrl: value(form, 'ewsUrl').trim(),
      version: value(form, 'version'),
      auth: { type: value(form, 'auth.type'), username: value(form, 'auth.username').trim(),
        certFile: value(form, 'auth.certFile').trim(), keyFile: value(form, 'auth.keyFile').trim() },
      caFile: value(form, 'caFile').trim(),
      domains: value(form, 'domains').split(/[\s,;]+/).filter(Boolean),
      subscriptions: value(form, 'subscriptions'),
    };
    if (value(form, 'allowInsecureHttp')) body.allowInsecureHttp = true;
    const frequency = value(form, 'statusFrequencyMinutes').trim();
    body.statusFrequencyMinutes = /^\d+$/.test(frequency) ? Number(frequency) : frequency;
    const pw = value(form, 'auth.password');
    if (pw) body.auth.password = pw;
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        if (server) {
          await api('PUT', `exchange/${encodeURIComponent(server.name)}`, body);
        } else {
          await api('POST', 'exchange', body);
        }
        onDone(body.name);
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return form;
}

function testPanel(server) {
  const result = h('div', { class: 'test-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form', novalidate: true,
    'aria-label': `Test ${server.name}` },
  field({ name: 'mailbox', label: 'Test with mailbox', type: 'email',
    placeholder: 'alice@contoso.com' }),
  h('div', { class: 'actions' }, submit('Test', 'secondary')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    setChildren(result, h('p', { class: 'sub' }, 'Testing…'));
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const r = await api('POST', `exchange/${encodeURIComponent(server.name)}/test`,
          { mailbox: value(form, 'mailbox').trim() });
        setChildren(result, notice(r.ok ? 'ok' : 'error',
          h('strong', {}, r.ok ? 'Test passed. ' : 'Test failed. '), sentence(r.explanation),
          r.detail ? h('details', {}, h('summary', {}, 'Technical detail'),
            h('pre', {}, r.detail)) : null),
          ...(r.warnings || []).map((w) => notice('warn', w)));
        result.firstChild.dataset.testOk = String(r.ok);
      } catch (e) {
        setChildren(result);
        showError(form, e);
      }
    });
  });
  return h('div', { class: 'test-panel' }, form, result);
}

function serverCard(s, reload, edit) {
  const del = button('Delete', async () => {
    if (!confirmAction(`Delete the Exchange server "${s.name}"?`)) return;
    try {
      await api('DELETE', `exchange/${encodeURIComponent(s.name)}`);
      reload();
    } catch (e) {
      window.alert(e.message);
    }
  }, 'danger');
  return h('section', { class: 'card', 'data-server': s.name },
    h('div', { class: 'card-head' }, h('h2', {}, s.name),
      h('div', { class: 'inline' }, button('Edit', () => edit(s)), del)),
    facts([
      ['EWS URL', h('code', {}, s.ewsUrl)],
      ['Version', s.version],
      ['Authentication', `${s.auth.type}${s.auth.username ? ` as ${s.auth.username}` : ''}`],
      ['Password', s.auth.type === 'certificate' ? 'not used'
        : s.auth.passwordSet ? badge('ok', 'set') : badge('warn', 'not set')],
      ['CA bundle', s.caFile || 'system trust store'],
      ['Domains', s.domains.length ? s.domains.join(', ') : 'all other domains'],
      ['Subscriptions', s.subscriptions === 'enp'
        ? `made and kept by ENP, heartbeat every ${s.statusFrequencyMinutes} min`
        : 'made by the app'],
    ]),
    testPanel(s));
}

export async function render(root) {
  const list = h('div', { class: 'stack' });
  const editor = h('div');
  const addBtn = button('Add server', () => edit(null), 'primary');
  setChildren(root, pageHeader('Exchange servers',
    'The EWS endpoints ENP reads mail from, with the service account that impersonates ' +
    'mailboxes (it needs the ApplicationImpersonation role).'),
  h('div', { class: 'toolbar' }, addBtn), editor, list);

  function edit(server) {
    addBtn.hidden = true;
    const close = () => { setChildren(editor); addBtn.hidden = false; };
    setChildren(editor, card(server ? `Edit ${server.name}` : 'Add an Exchange server',
      serverForm(server, () => { close(); load(); }, close)));
    editor.querySelector('input').focus();
  }

  async function load() {
    const servers = await api('GET', 'exchange');
    setChildren(list, ...(servers.length ? servers.map((s) => serverCard(s, load, edit))
      : [notice('info', 'No Exchange server yet: add one to start.')]));
  }
  await load();
}
