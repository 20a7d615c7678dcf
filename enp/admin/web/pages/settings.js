// Settings: listeners (read-only), the admin TLS certificate, export and import of all settings.

import { api } from '../api.js';
import {
  badge, busy, button, card, clearErrors, facts, field, fileLoader, fmtTime, h, notice,
  pageHeader, row, sentence, setChildren, showError, submit, table, value,
} from '../ui.js';

function listenerCard(l) {
  return card('Listeners', facts([
    ['Public (Exchange, devices)', h('code', {}, l.public.listen)],
    ['Public port now', l.public.port],
    ['Public TLS', l.public.tls ? badge('ok', 'on') : badge('warn', 'off (plain HTTP)')],
    ['Base URL', h('code', {}, l.public.baseUrl)],
    ['Admin (this console)', h('code', {}, l.admin.listen)],
    ['Admin port now', l.admin.port],
  ]), h('p', { class: 'help' },
    sentence(l.note || 'set in the bootstrap file; used at the next start')));
}

function tlsCard(t) {
  const certField = field({ name: 'certificate', label: 'Certificate chain (PEM)', rows: 4,
    placeholder: '-----BEGIN CERTIFICATE-----' });
  const keyField = field({ name: 'key', label: 'Private key (PEM)', rows: 4, secret: true,
    placeholder: '-----BEGIN PRIVATE KEY-----' });
  certField.append(fileLoader('Load file…', certField.querySelector('textarea'), '.pem,.crt'));
  keyField.append(fileLoader('Load file…', keyField.querySelector('textarea'), '.pem,.key'));
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Replace certificate' },
    h('div', { class: 'grid-form' }, certField, keyField),
    h('div', { class: 'actions' }, submit('Upload and replace', 'secondary')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const r = await api('PUT', 'tls', { certificate: value(form, 'certificate'),
          key: value(form, 'key') });
        form.reset();
        setChildren(result, notice('ok', `Certificate for ${r.subject} stored; reload it on ` +
          'the ', h('a', { href: '#/system' }, 'System'), ' page (or restart ENP) to use it.'));
      } catch (e) {
        showError(form, e);
      }
    });
  });
  const s = (sec) => (sec ? fmtTime(sec * 1000) : '—');
  return card('Admin TLS certificate',
    t.pendingRestart ? notice('warn', 'A new certificate was uploaded: reload it on the ',
      h('a', { href: '#/system' }, 'System'), ' page (or restart ENP) to use it.') : null,
    facts([
      ['Subject', t.subject], ['Issuer', t.issuer],
      ['Valid', `${s(t.notBefore)} – ${s(t.notAfter)}`],
      ['Self-signed', t.selfSigned ? 'yes' : 'no'], ['Source', t.source],
      ['File', h('code', {}, t.certFile)],
    ]),
    t.error ? notice('error', t.error) : null,
    h('h3', {}, 'Upload a certificate'), form, result);
}

function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = h('a', { href: url, download: name, class: 'sr-only' }, 'download');
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function exportCard() {
  const out = h('div', { 'aria-live': 'polite' });
  const pw = field({ name: 'password', label: 'Your password (needed for secrets)',
    type: 'password', autocomplete: 'current-password' });
  pw.hidden = true;
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Export settings' },
    field({ name: 'withSecrets', label: 'Include secrets (passwords, token, keys)',
      type: 'checkbox' }),
    pw, h('div', { class: 'actions' }, submit('Export', 'secondary')));
  form.querySelector('[name=withSecrets]').addEventListener('change', (ev) => {
    pw.hidden = !ev.target.checked;
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    setChildren(out);  // An earlier export never stays on screen next to a refusal.
    const withSecrets = value(form, 'withSecrets');
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const doc = await api('POST', 'settings/export',
          withSecrets ? { withSecrets: true, password: value(form, 'password') } : {});
        const text = JSON.stringify(doc, null, 2);
        const name = `enp-settings${withSecrets ? '-with-secrets' : ''}.json`;
        setChildren(out, 
          withSecrets ? notice('warn', 'This export holds secrets: store it like a password.')
            : null,
          h('div', { class: 'inline' }, button('Download', () => download(text, name)),
            h('span', { class: 'sub' }, name)),
          h('pre', { class: 'export', id: 'export-text' }, text));
        form.querySelector('[name=password]').value = '';
      } catch (e) {
        showError(form, e);  // "The password is wrong", "Too many wrong passwords: try again …"
      }
    });
  });
  return card('Export', h('p', { class: 'help' }, 'All settings as one JSON document (the ' +
    'format of enp settings import). Secrets only when you ask and repeat your password.'),
  form, out);
}

const CHANGE_COLUMNS = ['Setting', 'Change', 'Before', 'After'];

/** A value of the change list as JSON ("full", 140, {...}); secrets never come with one. */
function shown(v) {
  return v === undefined ? '—' : h('code', {}, JSON.stringify(v));
}

function changesTable(changes) {
  return table(CHANGE_COLUMNS, changes.map((c) => row(CHANGE_COLUMNS, [
    h('code', {}, c.path),
    c.secret ? `secret ${c.change}` : c.change,
    c.secret ? '—' : shown(c.before),
    c.secret ? '—' : shown(c.after),
  ], { 'data-path': c.path, 'data-change': c.change })),
  { testid: 'import-changes', caption: 'Changes of the import', empty: 'No change.' });
}

function keptNotice(plan, done) {
  if (!plan.kept.length) return null;
  return notice('info', `Sections not in the file ${done ? 'were' : 'are'} left as they are: ` +
    `${plan.kept.join(', ')}.`);
}

function importCard() {
  const docField = field({ name: 'body', label: 'Settings document (JSON)', rows: 8,
    placeholder: '{"exchange": [...], "cns": {...}, "registrationKeys": [...], "policy": {...}}',
    help: 'Each section in the document replaces its own; the others are left as they are. ' +
      'A secret left out keeps the stored one. You see the changes before anything is saved.' });
  docField.append(fileLoader('Load file…', docField.querySelector('textarea'), '.json'));
  const out = h('div', { 'aria-live': 'polite', id: 'import-result' });
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Import settings' },
    docField,
    field({ name: 'replace', type: 'checkbox',
      label: 'Replace all settings: sections not in the document are reset' }),
    h('div', { class: 'actions' }, submit('Preview changes', 'secondary')));
  // Another document or mode: the preview shown no longer says what an import would do.
  form.addEventListener('input', () => setChildren(out));
  form.addEventListener('change', () => setChildren(out));

  async function apply(doc, plan, replace, btn) {
    await busy(btn, async () => {
      try {
        const query = `version=${encodeURIComponent(plan.version)}${replace ? '&replace=1' : ''}`;
        const done = await api('POST', `settings/import?${query}`, doc);
        const n = done.changes.filter((c) => c.change !== 'kept').length;
        setChildren(out, notice('ok', `Settings imported: ${n} change${n === 1 ? '' : 's'}.`),
          keptNotice(done, true), changesTable(done.changes));
      } catch (e) {
        setChildren(out, notice('error', e.status === 409
          ? 'The settings were changed since this preview: preview the import again.'
          : e.message));
      }
    });
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    setChildren(out);
    let doc;
    try {
      doc = JSON.parse(value(form, 'body'));
    } catch (e) {
      showError(form, { field: 'body', message: `Not valid JSON: ${e.message}` });
      return;
    }
    const replace = value(form, 'replace');
    await busy(form.querySelector('button[type=submit]'), async () => {
      let plan;
      try {
        plan = await api('POST', `settings/import?dryRun=1${replace ? '&replace=1' : ''}`, doc);
      } catch (e) {
        showError(form, { field: 'body', message: e.message });
        return;
      }
      const changed = plan.changes.some((c) => c.change !== 'kept');
      const applyButton = button('Apply these changes', () => apply(doc, plan, replace,
        applyButton), 'primary');
      setChildren(out, h('h3', {}, 'What the import changes'),
        replace ? notice('warn', 'Every section is replaced: sections not in the document are ' +
          'reset to their defaults, their secrets with them.') : null,
        keptNotice(plan, false),
        changesTable(plan.changes),
        changed ? h('div', { class: 'actions' }, applyButton,
          button('Cancel', () => setChildren(out)))
          : notice('ok', 'Nothing would change: the stored settings already hold this.'));
    });
  });
  return card('Import', form, out);
}

export async function render(root) {
  const [listeners, tls] = await Promise.all([api('GET', 'listeners'), api('GET', 'tls')]);
  setChildren(root, pageHeader('Settings', 'Listeners, the console’s certificate, and ' +
    'backups of all settings.'),
  h('div', { class: 'two-col' }, listenerCard(listeners),
    card('Your account', h('p', {}, 'Change the password of this console user.'),
      h('div', { class: 'actions' }, h('a', { class: 'btn', href: '#/password' },
        'Change password')))),
  tlsCard(tls), h('div', { class: 'two-col' }, exportCard(), importCard()));
}
