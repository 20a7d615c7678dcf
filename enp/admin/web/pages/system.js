// System: the installation at a glance (version, uptime, data directory, database, disk,
// queue), the listeners' certificates with their expiry, the backup download and the restore
// upload.

import { api, apiDownload } from '../api.js';
import {
  badge, busy, button, card, clearErrors, facts, field, fmtTime, h, notice, pageHeader, row,
  setChildren, showError, submit, table, value,
} from '../ui.js';
import { restoreForm } from './restore.js';

/** 1536 -> "1.5 KB"; bytes in powers of 1024, one decimal. */
export function fmtBytes(n) {
  if (n === undefined || n === null) return '—';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${v} bytes` : `${v.toFixed(1)} ${units[i]}`;
}

function uptime(seconds) {
  const d = Math.floor(seconds / 86400);
  const hh = Math.floor((seconds % 86400) / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  return d ? `${d} d ${hh} h` : hh ? `${hh} h ${mm} min` : `${mm} min`;
}

const CERT_STATE = {
  ok: ['ok', 'Valid'],
  expiring: ['warn', 'Expires soon'],
  expired: ['error', 'Expired'],
  unreadable: ['error', 'Unreadable'],
  'no-tls': ['warn', 'No TLS'],
};

/** The certificates that need the administrator: expiring within 30 days, expired, unreadable. */
export function certificateProblems(system) {
  return (system.certificates || []).filter((c) =>
    ['expiring', 'expired', 'unreadable'].includes(c.state));
}

function certificatesCard(s, onReloaded) {
  const cols = ['Listener', 'Subject', 'Expires', 'State'];
  const rows = s.certificates.map((c) => {
    const [kind, text] = CERT_STATE[c.state] || ['muted', c.state];
    return row(cols, [
      h('div', {}, h('strong', {}, c.listener === 'admin' ? 'Console (admin)' : 'Public'),
        c.file ? h('div', { class: 'sub' }, h('code', {}, c.file)) : null),
      c.subject || (c.state === 'no-tls' ? 'plain HTTP (loopback tests only)' : c.error || '—'),
      c.notAfter ? h('div', {}, fmtTime(c.notAfter), h('div', { class: 'sub' },
        c.daysLeft > 0 ? `${c.daysLeft} days left` : 'expired')) : '—',
      h('div', {}, badge(kind, text), c.restartNeeded ? h('div', { class: 'sub' },
        badge('warn', 'Reload needed')) : null),
    ], { 'data-listener': c.listener, 'data-state': c.state });
  });
  const pending = s.certificates.some((c) => c.restartNeeded);
  const out = h('div', { 'aria-live': 'polite', id: 'reload-result' });
  const reload = button('Reload certificates', async () => {
    await busy(reload, async () => {
      try {
        await api('POST', 'system/reload-certificates', {});
        onReloaded();
      } catch (e) {
        setChildren(out, notice('error', e.message));
      }
    });
  }, pending ? 'primary' : 'secondary');
  return card('Certificates',
    pending ? notice('warn', h('strong', {}, 'Reload needed: '), 'a certificate file changed ' +
      'since the listener loaded it; it serves the old one until you reload the certificates ' +
      '(or restart ENP).') : null,
    table(cols, rows, { testid: 'certificates' }),
    h('div', { class: 'actions' }, reload), out,
    h('p', { class: 'help' }, 'After replacing a certificate (the console\'s on the ',
      h('a', { href: '#/settings' }, 'Settings'), ' page, the public one in its file), ' +
      'Reload certificates: new connections get the new one, open ones keep theirs. A warning ' +
      'shows on the dashboard 30 days before a certificate expires.'));
}

function backupCard(s) {
  const out = h('div', { 'aria-live': 'polite', id: 'backup-result' });
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Download a backup' },
    field({ name: 'password', label: 'Your password', type: 'password',
      autocomplete: 'current-password',
      help: 'The backup holds every stored secret, so you repeat your password.' }),
    h('div', { class: 'actions' }, submit('Download backup', 'secondary')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    setChildren(out);
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const { blob, name } = await apiDownload('backup', { password: value(form, 'password') });
        form.querySelector('[name=password]').value = '';
        const url = URL.createObjectURL(blob);
        const a = h('a', { href: url, download: name, class: 'sr-only' }, 'download');
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        setChildren(lastBackup, `${fmtTime(Date.now())} by you (console)`);
        setChildren(out, notice('ok', `Backup ${name} downloaded (${fmtBytes(blob.size)}). ` +
          'It holds the data key and every secret: store it like a password.'));
      } catch (e) {
        showError(form, e);
      }
    });
  });
  const last = s.lastBackup;
  const lastBackup = h('span', { 'data-testid': 'last-backup' },
    last ? `${fmtTime(last.at)} by ${last.actor} (${last.via})` : 'none recorded');
  return card('Backup',
    h('p', { class: 'help' }, 'One file (a tar archive): the database, copied while ENP runs ' +
      'through SQLite\'s online backup, and the data key (enp.key) that opens the stored ' +
      'mail-account passwords. Without the key those passwords are lost, so both are in it.'),
    facts([['Last backup', lastBackup]]),
    form, out,
    ...restoreForm(s),
    h('p', { class: 'help' }, 'Or on the server, with ENP stopped or into a new data ' +
      'directory:'),
    h('pre', { class: 'export' }, 'enp restore --from enp-backup-….tar --data-dir /var/lib/enp' +
      ' [--replace]'),
    h('p', { class: 'help' }, 'The backup is verified before anything changes; replaced files ' +
      'are kept in before-restore-<time> inside the data directory. See the README, ' +
      '"Backup and restore".'));
}

export async function render(root) {
  const s = await api('GET', 'system');
  // After a reload: the page again, saying so.
  const again = () => render(root).then(() => {
    const out = root.querySelector('#reload-result');
    if (out) {
      setChildren(out, notice('ok', 'Certificates reloaded: new connections get them.'));
    }
  });
  const q = s.queue || {};
  setChildren(root, pageHeader('System', 'This installation, its certificates and its backup.'),
    card('This installation', facts([
      ['Version', s.version],
      ['Node', s.node],
      ['Running since', h('span', {}, fmtTime(s.startedAt), h('span', { class: 'sub' },
        ` (${uptime(s.uptimeSeconds)})`))],
      ['Data directory', h('code', {}, s.dataDir)],
      ['Database', s.database === 'postgresql' ? 'PostgreSQL' : 'SQLite'],
      ['Database size', fmtBytes(s.databaseBytes)],
      ['Free disk', fmtBytes(s.freeDiskBytes)],
      ['Queue', h('a', { href: '#/queue/queued' }, `${q.depth} waiting` +
        (q.oldestAt ? `, oldest since ${fmtTime(q.oldestAt)}` : ''))],
    ])),
    certificatesCard(s, again),
    backupCard(s));
}
