// Exchange Online through Microsoft Graph: the tenants (list, add, edit, delete), and Test
// (signs in, reads the newest message of a mailbox's Inbox) for saved and unsaved settings.

import { api } from '../api.js';
import {
  badge, busy, button, card, clearErrors, confirmAction, facts, field, h, notice, pageHeader,
  sentence, setChildren, showError, submit, value,
} from '../ui.js';

const AUTH = [['certificate', 'Certificate (recommended)'], ['secret', 'Client secret']];
const AUTHORITY = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';

// The tenant as the form holds it; the secret only when one was typed.
function formBody(form) {
  const body = {
    name: value(form, 'name').trim(),
    tenantId: value(form, 'tenantId').trim(),
    clientId: value(form, 'clientId').trim(),
    auth: { type: value(form, 'auth.type') },
    domains: value(form, 'domains').split(/[\s,;]+/).filter(Boolean),
    notificationBaseUrl: value(form, 'notificationBaseUrl').trim(),
    authorityUrl: value(form, 'authorityUrl').trim() || AUTHORITY,
    graphUrl: value(form, 'graphUrl').trim() || GRAPH,
    caFile: value(form, 'caFile').trim(),
  };
  if (body.auth.type === 'certificate') {
    body.auth.certFile = value(form, 'auth.certFile').trim();
    body.auth.keyFile = value(form, 'auth.keyFile').trim();
  } else if (value(form, 'auth.secret')) {
    body.auth.secret = value(form, 'auth.secret');
  }
  return body;
}

function showResult(result, r) {
  setChildren(result, notice(r.ok ? 'ok' : 'error',
    h('strong', {}, r.ok ? 'Test passed. ' : 'Test failed. '), sentence(r.explanation),
    r.detail ? h('details', {}, h('summary', {}, 'Technical detail'), h('pre', {}, r.detail))
      : null));
  result.firstChild.dataset.testOk = String(r.ok);
}

function tenantForm(tenant, onDone, onCancel) {
  const t = tenant || { auth: { type: 'certificate' }, domains: [] };
  const result = h('div', { class: 'test-result', 'aria-live': 'polite' });
  const testBtn = button('Test these settings', () => testUnsaved(), 'secondary');
  const form = h('form', { class: 'grid-form', novalidate: true,
    'aria-label': tenant ? `Edit ${tenant.name}` : 'Add a Graph tenant' },
  field({ name: 'name', label: 'Name', value: t.name, placeholder: 'online', required: true }),
  field({ name: 'tenantId', label: 'Directory (tenant) ID', value: t.tenantId, required: true,
    placeholder: 'contoso.onmicrosoft.com or its GUID',
    help: 'Microsoft Entra admin center → App registrations → your app → Overview. See the ' +
      'README, "Exchange Online (Microsoft Graph)".' }),
  field({ name: 'clientId', label: 'Application (client) ID', value: t.clientId, required: true,
    placeholder: '00000000-0000-0000-0000-000000000000',
    help: 'On the same Overview page as the tenant ID.' }),
  field({ name: 'auth.type', label: 'Credential', value: t.auth.type, options: AUTH }),
  field({ name: 'auth.certFile', label: 'Certificate (PEM file on the server)',
    value: t.auth.certFile, help: 'The certificate uploaded to the app registration.' }),
  field({ name: 'auth.keyFile', label: 'Its private key (PEM file on the server)',
    value: t.auth.keyFile }),
  field({ name: 'auth.secret', label: 'Client secret (its Value)', type: 'password',
    secret: true, secretSet: t.auth.secretSet,
    help: 'Certificates & secrets → Client secrets: the Value, shown once when created (not ' +
      'the Secret ID).' }),
  field({ name: 'domains', label: 'Mail domains in Exchange Online',
    value: (t.domains || []).join(', '), placeholder: 'contoso.com',
    help: 'Comma-separated; at least one. These mailboxes are served through Graph.' }),
  field({ name: 'notificationBaseUrl', label: 'Notification base URL', type: 'url',
    value: t.notificationBaseUrl, placeholder: 'https://enp.contoso.com',
    help: 'Graph must reach it over HTTPS with a publicly trusted certificate. Empty: base_url.' }),
  field({ name: 'authorityUrl', label: 'Authority URL', type: 'url',
    value: t.authorityUrl || AUTHORITY }),
  field({ name: 'graphUrl', label: 'Graph URL', type: 'url', value: t.graphUrl || GRAPH }),
  field({ name: 'caFile', label: 'CA file to trust (PEM on the server; empty: the system\'s)',
    value: t.caFile || '' }),
  field({ name: 'mailbox', label: 'Test with mailbox (optional)', type: 'email',
    placeholder: 'alice@contoso.com', help: 'Test these settings: the secret must be typed.' }),
  h('div', { class: 'actions' }, submit(tenant ? 'Save' : 'Add tenant'), testBtn,
    button('Cancel', onCancel, 'ghost')),
  result);
  const syncAuth = () => {
    const cert = value(form, 'auth.type') === 'certificate';
    ['auth.certFile', 'auth.keyFile'].forEach((n) => {
      form.querySelector(`[data-field="${n}"]`).hidden = !cert;
    });
    form.querySelector('[data-field="auth.secret"]').hidden = cert;
  };
  form.querySelector('[name="auth.type"]').addEventListener('change', syncAuth);
  syncAuth();
  // A test of what the form holds: the secret must be typed (a stored one is never used).
  async function testUnsaved() {
    clearErrors(form);
    setChildren(result, h('p', { class: 'sub' }, 'Testing…'));
    await busy(testBtn, async () => {
      try {
        showResult(result, await api('POST', 'graph/test',
          { tenant: formBody(form), mailbox: value(form, 'mailbox').trim() }));
      } catch (e) {
        setChildren(result);
        showError(form, e);
      }
    });
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = formBody(form);
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        if (tenant) {
          await api('PUT', `graph/${encodeURIComponent(tenant.name)}`, body);
        } else {
          await api('POST', 'graph', body);
        }
        onDone(body.name);
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return form;
}

function testPanel(tenant) {
  const result = h('div', { class: 'test-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form', novalidate: true,
    'aria-label': `Test ${tenant.name}` },
  field({ name: 'mailbox', label: 'Test with mailbox', type: 'email',
    placeholder: `alice@${tenant.domains[0] || 'contoso.com'}`,
    help: 'Empty: only sign in.' }),
  h('div', { class: 'actions' }, submit('Test', 'secondary')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    setChildren(result, h('p', { class: 'sub' }, 'Testing…'));
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        showResult(result, await api('POST', `graph/${encodeURIComponent(tenant.name)}/test`,
          { mailbox: value(form, 'mailbox').trim() }));
      } catch (e) {
        setChildren(result);
        showError(form, e);
      }
    });
  });
  return h('div', { class: 'test-panel' }, form, result);
}

function tenantCard(t, reload, edit) {
  const del = button('Delete', async () => {
    if (!confirmAction(`Delete the Graph tenant "${t.name}"? Its mailboxes get no ` +
      'notifications until another tenant or an Exchange server serves their domains.')) return;
    try {
      await api('DELETE', `graph/${encodeURIComponent(t.name)}`);
      reload();
    } catch (e) {
      window.alert(e.message);
    }
  }, 'danger');
  return h('section', { class: 'card', 'data-tenant': t.name },
    h('div', { class: 'card-head' }, h('h2', {}, t.name),
      h('div', { class: 'inline' }, button('Edit', () => edit(t)), del)),
    facts([
      ['Tenant', h('code', {}, t.tenantId)],
      ['Application', h('code', {}, t.clientId)],
      ['Credential', t.auth.type === 'certificate' ? `certificate ${t.auth.certFile}`
        : h('span', {}, 'client secret ', t.auth.secretSet ? badge('ok', 'set')
          : badge('warn', 'not set'))],
      ['Domains', t.domains.join(', ')],
      ['Notifications to', t.notificationBaseUrl || 'base_url (enp.conf)'],
      t.authorityUrl !== AUTHORITY ? ['Authority', h('code', {}, t.authorityUrl)] : null,
      t.graphUrl !== GRAPH ? ['Graph', h('code', {}, t.graphUrl)] : null,
      t.caFile ? ['Trusted CAs', h('code', {}, t.caFile)] : null,
    ]),
    testPanel(t));
}

export async function render(root) {
  const list = h('div', { class: 'stack' });
  const editor = h('div');
  const addBtn = button('Add tenant', () => edit(null), 'primary');
  setChildren(root, pageHeader('Exchange Online (Graph)',
    'Tenants whose mailboxes ENP serves through Microsoft Graph change notifications: the ' +
    'Entra ID app registration (application permission Mail.Read with admin consent) and ' +
    'the mail domains. See the README, "Exchange Online (Microsoft Graph)".'),
  h('div', { class: 'toolbar' }, addBtn), editor, list);

  function edit(tenant) {
    addBtn.hidden = true;
    const close = () => { setChildren(editor); addBtn.hidden = false; };
    setChildren(editor, card(tenant ? `Edit ${tenant.name}` : 'Add a Graph tenant',
      tenantForm(tenant, () => { close(); load(); }, close)));
    editor.querySelector('input').focus();
  }

  async function load() {
    const tenants = await api('GET', 'graph');
    setChildren(list, ...(tenants.length ? tenants.map((t) => tenantCard(t, load, edit))
      : [notice('info', 'No Graph tenant: every mailbox is read through EWS.')]));
  }
  await load();
}
