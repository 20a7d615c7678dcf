// Audit log: every change, who made it and when (never a secret).

import { api } from '../api.js';
import {
  card, field, fmtTime, h, pageHeader, row, setChildren, submit, table, value,
} from '../ui.js';

function details(d) {
  if (!d || (typeof d === 'object' && !Object.keys(d).length)) return '';
  const text = typeof d === 'string' ? d : Object.entries(d)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
  return h('span', { class: 'logmsg' }, text);
}

export async function render(root) {
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': 'Audit filter' },
    field({ name: 'action', label: 'Action starts with', placeholder: 'exchange.' }),
    h('div', { class: 'actions' }, submit('Filter')));
  async function load() {
    const q = new URLSearchParams({ limit: '300', action: value(form, 'action').trim() });
    const entries = await api('GET', `audit?${q}`);
    const cols = ['When', 'Who', 'Action', 'Target', 'Details'];
    setChildren(out, table(cols, entries.map((e) => row(cols, [fmtTime(e.at), e.actor,
      h('code', {}, e.action), e.target, details(e.details)])), { empty: 'No entry.',
      testid: 'audit' }));
  }
  form.addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
  setChildren(root, pageHeader('Audit log', 'Every change made through the console, the ' +
    'API or a login attempt.'), card(null, form, out));
  await load();
}
