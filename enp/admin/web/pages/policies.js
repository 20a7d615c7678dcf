// Policies: the privacy cap, snippet length, maximum age, and defaults for new registrations.

import { api } from '../api.js';
import {
  busy, card, clearErrors, field, h, notice, pageHeader, setChildren, showError, submit, value,
} from '../ui.js';

const PRIVACY = [['full', 'Full: sender, subject and snippet'],
  ['no-snippet', 'No snippet: sender and subject'], ['sender-only', 'Sender only'],
  ['none', 'None: a generic "new mail" only']];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const TRI = [['', 'app decides'], ['true', 'on'], ['false', 'off']];
const FLAGS = [['workHoursOnly', 'Alerts in work hours only'], ['weekendAlerts', 'Weekend alerts'],
  ['vipAfterHours', 'VIPs after hours'], ['detailed', 'Detailed notifications']];

function tri(v) {
  return v === undefined ? '' : String(Boolean(v));
}

export async function render(root) {
  const p = await api('GET', 'policy');
  const d = p.registrationDefaults || {};
  const wh = d.workHours || {};
  const days = h('fieldset', { class: 'days', 'data-field': 'registrationDefaults.workHours' },
    h('legend', {}, 'Work days'),
    DAYS.map((day) => h('label', { class: 'day' }, h('input', { type: 'checkbox', name: `day-${day}`,
      checked: (wh.days || []).includes(day) }), day[0].toUpperCase() + day.slice(1))),
    h('p', { class: 'field-error', role: 'alert' }));
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Policies' },
    card('Privacy and limits', h('div', { class: 'grid-form' },
      field({ name: 'privacy', label: 'Privacy cap', value: p.privacy, options: PRIVACY,
        help: 'The most that leaves the building, whatever a user chose.' }),
      field({ name: 'snippetLength', label: 'Snippet length (characters)', type: 'number',
        min: 0, max: 4096, value: p.snippetLength }),
      field({ name: 'maxAgeMinutes', label: 'Maximum notification age (minutes)', type: 'number',
        min: 1, max: 10080, value: p.maxAgeMinutes,
        help: 'Older notifications expire instead of arriving late.' }))),
    card('Defaults for new registrations', h('p', { class: 'help' }, 'Used when an app ' +
      'registers without the setting. Empty fields: the built-in defaults.'),
    h('div', { class: 'grid-form' },
      field({ name: 'registrationDefaults.timeZone', label: 'Time zone', value: d.timeZone,
        placeholder: 'Europe/Berlin or W. Europe Standard Time' }),
      field({ name: 'start', label: 'Work hours start', type: 'time', value: wh.start }),
      field({ name: 'end', label: 'Work hours end', type: 'time', value: wh.end }),
      ...FLAGS.map(([n, label]) => field({ name: `registrationDefaults.${n}`, label,
        value: tri(d[n]), options: TRI })),
      field({ name: 'registrationDefaults.vips', label: 'VIPs', rows: 2,
        value: (d.vips || []).join(', '),
        placeholder: 'ceo@contoso.com, @board.contoso.com' })),
    days),
    h('div', { class: 'actions' }, submit('Save policies')));
  const saved = h('div', { 'aria-live': 'polite' });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    setChildren(saved);
    const defaults = {};
    const tz = value(form, 'registrationDefaults.timeZone').trim();
    if (tz) defaults.timeZone = tz;
    const chosen = DAYS.filter((day) => value(form, `day-${day}`));
    if (value(form, 'start') || value(form, 'end') || chosen.length) {
      defaults.workHours = { days: chosen, start: value(form, 'start'), end: value(form, 'end') };
    }
    for (const [n] of FLAGS) {
      const v = value(form, `registrationDefaults.${n}`);
      if (v) defaults[n] = v === 'true';
    }
    const vips = value(form, 'registrationDefaults.vips').split(/[\s,;]+/).filter(Boolean);
    if (vips.length) defaults.vips = vips;
    const body = { privacy: value(form, 'privacy'),
      snippetLength: Number(value(form, 'snippetLength')),
      maxAgeMinutes: Number(value(form, 'maxAgeMinutes')), registrationDefaults: defaults };
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await api('PUT', 'policy', body);
        setChildren(saved, notice('ok', 'Policies saved; they apply to the next mail.'));
      } catch (e) {
        showError(form, e);
      }
    });
  });
  setChildren(root, pageHeader('Policies', 'What ENP may send, and how new registrations ' +
    'start out.'), saved, form);
}
