// Mail servers (IMAP and POP3, docs/imap.md): list, add from a preset (iCloud, Gmail, Yahoo,
// Fastmail or a custom server), edit, delete. Saved as the settings' mailServers section
// (POST settings/import with only that section, which replaces it).

import { api } from '../api.js';
import {
  busy, button, card, clearErrors, confirmAction, facts, field, h, notice, pageHeader,
  setChildren, showError, submit, value,
} from '../ui.js';

// What each preset fills in, and what its accounts need (docs/imap.md, "Presets").
const PRESETS = {
  icloud: { label: 'iCloud Mail', host: 'imap.mail.me.com', port: 993, pop3: null,
    account: 'User name: the iCloud address or its name part; password: an app-specific ' +
      'password (account.apple.com, Sign-In and Security). iCloud Mail has no POP3.' },
  gmail: { label: 'Gmail', host: 'imap.gmail.com', port: 993, pop3: 'pop.gmail.com',
    account: 'User name: the full address; password: an app password (needs 2-Step ' +
      'Verification).' },
  yahoo: { label: 'Yahoo Mail', host: 'imap.mail.yahoo.com', port: 993,
    pop3: 'pop.mail.yahoo.com',
    account: 'User name: the full address; password: an app password.' },
  fastmail: { label: 'Fastmail', host: 'imap.fastmail.com', port: 993, pop3: 'pop.fastmail.com',
    account: 'User name: the full address; password: an app password with IMAP (or POP) ' +
      'access.' },
  custom: { label: 'Custom server', host: '', port: 993, pop3: '',
    account: 'Any IMAP4rev1 or POP3 server with TLS or STARTTLS.' },
};

function defaultPort(type, security) {
  if (type === 'pop3') return security === 'starttls' ? 110 : 995;
  return security === 'starttls' ? 143 : 993;
}

function serverForm(server, servers, onDone, onCancel) {
  const s = server || { preset: 'icloud', type: 'imap', security: 'tls', auth: 'plain',
    domains: [] };
  const form = h('form', { class: 'grid-form', novalidate: true,
    'aria-label': server ? `Edit ${server.name}` : 'Add a mail server' },
  field({ name: 'preset', label: 'Provider', value: s.preset || 'custom',
    options: Object.entries(PRESETS).map(([k, p]) => [k, p.label]) }),
  h('p', { class: 'help', id: 'preset-account' }),
  field({ name: 'name', label: 'Name', value: s.name, placeholder: 'icloud', required: true,
    help: 'What a registration\'s account.server names.' }),
  field({ name: 'type', label: 'Protocol', value: s.type || 'imap',
    options: [['imap', 'IMAP (IDLE, else polled)'], ['pop3', 'POP3 (polled)']] }),
  field({ name: 'host', label: 'Host', value: s.host, placeholder: 'imap.mail.me.com',
    help: 'Empty: the provider\'s. A preset\'s host can be replaced (a proxy, a test server).' }),
  field({ name: 'port', label: 'Port', type: 'number', value: s.port ? String(s.port) : '',
    help: 'Empty: the provider\'s, else 993 (IMAP, TLS), 143 (STARTTLS), 995 / 110 (POP3).' }),
  field({ name: 'security', label: 'Security', value: s.security || 'tls',
    options: [['tls', 'TLS from the first byte'], ['starttls', 'STARTTLS / STLS']],
    help: 'There is no plain-text mode; the certificate is always verified.' }),
  field({ name: 'auth', label: 'Login', value: s.auth || 'plain',
    options: [['plain', 'SASL PLAIN where offered'], ['login', 'IMAP LOGIN / POP3 USER+PASS']] }),
  field({ name: 'pathPrefix', label: 'Folder prefix (IMAP)', value: s.pathPrefix,
    placeholder: 'INBOX.' }),
  field({ name: 'caFile', label: 'CA file (PEM file on the server)', value: s.caFile,
    help: 'Empty: the system\'s trusted CAs.' }),
  field({ name: 'domains', label: 'Mail domains it serves', value: (s.domains || []).join(', '),
    placeholder: 'icloud.com, me.com', help: 'Comma-separated. None: any.' }),
  h('div', { class: 'actions' }, submit(server ? 'Save' : 'Add server'),
    button('Cancel', onCancel, 'ghost')));
  const sync = () => {
    const preset = PRESETS[value(form, 'preset')] || PRESETS.custom;
    const pop3 = value(form, 'type') === 'pop3';
    form.querySelector('#preset-account').textContent = preset.account;
    form.querySelector('[name="host"]').placeholder =
      (pop3 ? preset.pop3 : preset.host) || 'mail.example.com';
    form.querySelector('[name="port"]').placeholder =
      String(defaultPort(value(form, 'type'), value(form, 'security')));
    form.querySelector('[data-field="pathPrefix"]').hidden = pop3;
    const name = form.querySelector('[name="name"]');
    if (!server && !name.dataset.typed) name.value = value(form, 'preset');
  };
  form.querySelector('[name="name"]').addEventListener('input', (ev) => {
    ev.target.dataset.typed = '1';
  });
  for (const n of ['preset', 'type', 'security']) {
    form.querySelector(`[name="${n}"]`).addEventListener('change', sync);
  }
  sync();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const entry = { name: value(form, 'name').trim(), preset: value(form, 'preset'),
      type: value(form, 'type'), security: value(form, 'security'), auth: value(form, 'auth'),
      domains: value(form, 'domains').split(/[\s,;]+/).filter(Boolean) };
    const host = value(form, 'host').trim();
    if (host) entry.host = host;
    const port = value(form, 'port').trim();
    if (port) entry.port = /^\d+$/.test(port) ? Number(port) : port;
    const prefix = value(form, 'pathPrefix').trim();
    if (prefix && entry.type === 'imap') entry.pathPrefix = prefix;
    const ca = value(form, 'caFile').trim();
    if (ca) entry.caFile = ca;
    const list = servers.filter((m) => !server || m.name !== server.name);
    list.push(entry);
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await api('POST', 'settings/import', { mailServers: list });
        onDone(entry.name);
      } catch (e) {
        // The API names the entry's field (mailServers[3].port): shown next to that field.
        showError(form, e);
      }
    });
  });
  return form;
}

function serverCard(s, servers, reload, edit, may) {
  const del = button('Delete', async () => {
    if (!confirmAction(`Delete the mail server "${s.name}"? Its accounts are no longer watched.`)) {
      return;
    }
    try {
      await api('POST', 'settings/import',
        { mailServers: servers.filter((m) => m.name !== s.name) });
      reload();
    } catch (e) {
      window.alert(e.message);
    }
  }, 'danger');
  const preset = PRESETS[s.preset] || PRESETS.custom;
  return h('section', { class: 'card', 'data-mail-server': s.name },
    h('div', { class: 'card-head' }, h('h2', {}, s.name),
      may ? h('div', { class: 'inline' }, button('Edit', () => edit(s)), del) : null),
    facts([
      ['Provider', preset.label],
      ['Server', h('code', {}, `${s.type} ${s.host}:${s.port}`)],
      ['Security', s.security === 'starttls' ? 'STARTTLS' : 'TLS'],
      ['Login', s.auth === 'login' ? 'LOGIN / USER+PASS' : 'SASL PLAIN where offered'],
      s.pathPrefix ? ['Folder prefix', s.pathPrefix] : null,
      ['CA file', s.caFile || 'system trusted CAs'],
      ['Domains', s.domains && s.domains.length ? s.domains.join(', ') : 'any'],
      ['Accounts', preset.account],
    ].filter(Boolean)));
}

export async function render(root, ctx = {}) {
  const may = ctx.may ? ctx.may('admin') : true;
  const list = h('div', { class: 'stack' });
  const editor = h('div');
  const addBtn = button('Add mail server', () => edit(null), 'primary');
  addBtn.hidden = !may;
  setChildren(root, pageHeader('Mail servers',
    'IMAP and POP3 servers (iCloud Mail, Gmail, Yahoo, Fastmail, your own) whose accounts ' +
    'devices may register; ENP connects to no other.'),
  h('div', { class: 'toolbar' }, addBtn), editor, list);
  let servers = [];

  function edit(server) {
    addBtn.hidden = true;
    const close = () => { setChildren(editor); addBtn.hidden = !may; };
    setChildren(editor, card(server ? `Edit ${server.name}` : 'Add a mail server',
      serverForm(server, servers, () => { close(); load(); }, close)));
    editor.querySelector('select, input').focus();
  }

  async function load() {
    const settings = await api('GET', 'settings');
    servers = settings.mailServers || [];
    setChildren(list, ...(servers.length
      ? servers.map((s) => serverCard(s, servers, load, edit, may))
      : [notice('info', 'No mail server yet: add one for devices to register IMAP or POP3 ' +
          'accounts.')]));
  }
  await load();
}
