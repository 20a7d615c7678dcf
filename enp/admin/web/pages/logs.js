// Logs: the daemon's recent log lines, filtered by minimum level, logger and text; the lines
// shown can be downloaded.

import { api } from '../api.js';
import {
  badge, busy, button, card, clearErrors, field, fmtTime, h, pageHeader, row, setChildren,
  showError, submit, table, value,
} from '../ui.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'];
const LOGGERS = ['http', 'ews', 'graph', 'rules', 'pipeline', 'sink', 'store', 'admin', 'alert', 'main'];
const LEVEL_KIND = { error: 'error', warn: 'warn', info: 'info', debug: 'muted', trace: 'muted' };

export async function render(root) {
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': 'Log filter' },
    field({ name: 'level', label: 'Minimum level', value: 'info',
      options: LEVELS.map((l) => [l, l]) }),
    field({ name: 'logger', label: 'Logger', value: '',
      options: [['', 'all'], ...LOGGERS.map((l) => [l, l])] }),
    field({ name: 'limit', label: 'Lines', value: '200',
      options: [['100', '100'], ['200', '200'], ['500', '500'], ['2000', '2000']] }),
    field({ name: 'contains', label: 'Containing', type: 'search', placeholder: 'ev42' }),
    h('div', { class: 'actions' }, submit('Show')));
  let shown = [];
  const download = button('Download', () => {
    const text = shown.map((l) => `${new Date(l.at).toISOString()} ${l.level} [${l.logger}] ` +
      `${l.message}`).join('\n');
    const a = h('a', { href: URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' })),
      download: `enp-log-${new Date().toISOString().replace(/[:.]/g, '-')}.txt` });
    document.body.append(a);
    a.click();
    a.remove();
  }, 'secondary');
  async function load() {
    clearErrors(form);
    const q = new URLSearchParams({ level: value(form, 'level'), limit: value(form, 'limit') });
    if (value(form, 'logger')) q.set('logger', value(form, 'logger'));
    try {
      const needle = value(form, 'contains').trim().toLowerCase();
      const lines = (await api('GET', `logs?${q}`)).filter((l) => !needle ||
        l.message.toLowerCase().includes(needle));
      shown = lines;
      download.disabled = !lines.length;
      const cols = ['Time', 'Level', 'Logger', 'Message'];
      setChildren(out, table(cols, lines.map((l) => row(cols, [fmtTime(l.at),
        badge(LEVEL_KIND[l.level] || 'muted', l.level), l.logger,
        h('span', { class: 'logmsg' }, l.message)])), { empty: 'No matching log line.',
        testid: 'logs' }));
    } catch (e) {
      showError(form, e);
    }
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(form.querySelector('button[type=submit]'), load);
  });
  setChildren(root, pageHeader('Logs', 'The newest lines first, from the last 2000 the ' +
    'daemon wrote. Mail content is logged only at debug level.'),
  card(null, form, h('div', { class: 'actions' }, download), out));
  await load();
}
