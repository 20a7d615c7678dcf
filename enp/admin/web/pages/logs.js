// Logs: the daemon's recent log lines, filtered by minimum level and logger.

import { api } from '../api.js';
import {
  badge, busy, card, clearErrors, field, fmtTime, h, pageHeader, row, setChildren, showError,
  submit, table, value,
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
    h('div', { class: 'actions' }, submit('Show')));
  async function load() {
    clearErrors(form);
    const q = new URLSearchParams({ level: value(form, 'level'), limit: value(form, 'limit') });
    if (value(form, 'logger')) q.set('logger', value(form, 'logger'));
    try {
      const lines = await api('GET', `logs?${q}`);
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
    'daemon wrote. Mail content is logged only at debug level.'), card(null, form, out));
  await load();
}
