// Alerts: what fires now, the alert mail (SMTP with provider presets, recipients, schedule),
// a test mail, and the history of past alerts.

import { api } from '../api.js';
import {
  badge, busy, button, card, clearErrors, facts, field, fmtTime, h, notice, pageHeader, row,
  sentence, setChildren, showError, submit, table, value, when,
} from '../ui.js';

const SECURITY = [['starttls', 'STARTTLS (port 587; required, never falls back to plain text)'],
  ['tls', 'TLS from the first byte (port 465)'], ['none', 'None (internal relay, no password)']];
const SEVERITY = [['warning', 'Warnings and critical alerts'], ['critical', 'Critical alerts only']];

function severity(a) {
  return badge(a.severity === 'critical' ? 'error' : 'warn', a.severity);
}

function alertRows(cols, alerts) {
  return alerts.map((a) => row(cols, [severity(a),
    h('div', {}, h('strong', {}, a.title), h('div', { class: 'sub' }, a.summary),
      a.state === 'firing' ? h('div', { class: 'sub' }, h('strong', {}, 'What to do: '), a.advice)
        : null),
    h('div', {}, fmtTime(a.firstSeenAt),
      h('div', { class: 'sub' }, a.state === 'resolved' ? `resolved ${fmtTime(a.resolvedAt)}`
        : `last ${fmtTime(a.lastSeenAt)}`)),
    String(a.count), h('code', {}, a.key)], { 'data-key': a.key }));
}

function mailStatus(mail) {
  if (!mail.enabled) {
    return notice('info', 'Alert mail is off: add recipients and an SMTP server below. Alerts ' +
      'still show here, on the dashboard and in /metrics.');
  }
  return facts([
    ['Last alert mail', mail.lastSentAt ? when(mail.lastSentAt) : 'none since ENP started'],
    mail.lastError ? ['Failing', h('span', { class: 'error-text', id: 'mail-error' },
      `alert mail failing: ${mail.lastError}`)] : null,
  ]);
}

function settingsForm(root, s, presets) {
  const requirements = h('p', { class: 'help', id: 'preset-help' });
  const presetOptions = [['', 'Custom'], ...presets.map((p) => [p.name, p.label])];
  const presetField = field({ name: 'smtp.preset', label: 'Provider', value: s.smtp.preset,
    options: presetOptions });
  presetField.append(requirements);
  const form = h('form', { class: 'grid-form', novalidate: true, 'aria-label': 'Alert mail' },
    presetField,
    field({ name: 'smtp.host', label: 'SMTP server', value: s.smtp.host,
      placeholder: 'smtp.mail.me.com' }),
    field({ name: 'smtp.port', label: 'Port', type: 'number', value: s.smtp.port, min: 1,
      max: 65535, inputmode: 'numeric' }),
    field({ name: 'smtp.security', label: 'Security', value: s.smtp.security,
      options: SECURITY }),
    field({ name: 'smtp.username', label: 'User name', value: s.smtp.username,
      placeholder: 'the full address', autocomplete: 'off' }),
    field({ name: 'smtp.password', label: 'Password', type: 'password', secret: true,
      secretSet: s.smtp.passwordSet, help: 'iCloud and Gmail need an app-specific password.' }),
    field({ name: 'smtp.from', label: 'From address', value: s.smtp.from,
      placeholder: 'enp-alerts@contoso.com' }),
    field({ name: 'smtp.caFile', label: 'CA file (PEM, optional)', value: s.smtp.caFile,
      help: 'Empty: the system\'s trusted certificates. Certificates are always verified.' }),
    field({ name: 'recipients', label: 'Recipients', rows: 2,
      value: s.recipients.join('\n'), help: 'One address per line.' }),
    field({ name: 'minSeverity', label: 'Mail', value: s.minSeverity, options: SEVERITY }),
    field({ name: 'groupSeconds', label: 'Group alerts within (seconds)', type: 'number',
      value: s.groupSeconds, min: 0, max: 3600, inputmode: 'numeric' }),
    field({ name: 'repeatMinutes', label: 'Repeat while firing (minutes, 0 = never)',
      type: 'number', value: s.repeatMinutes, min: 0, inputmode: 'numeric' }),
    field({ name: 'sendResolved', label: 'Send a mail when an alert is resolved',
      type: 'checkbox', value: s.sendResolved }),
    h('div', { class: 'actions' }, submit('Save')));
  const preset = form.querySelector('[name="smtp.preset"]');
  const showRequirements = () => {
    const p = presets.find((x) => x.name === preset.value);
    requirements.textContent = p ? sentence(p.requirements) : '';
  };
  preset.addEventListener('change', () => {
    const p = presets.find((x) => x.name === preset.value);
    if (p) {
      if (p.host) form.querySelector('[name="smtp.host"]').value = p.host;
      form.querySelector('[name="smtp.port"]').value = p.port;
      form.querySelector('[name="smtp.security"]').value = p.security;
    }
    showRequirements();
  });
  showRequirements();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const smtp = {};
    for (const n of ['preset', 'host', 'security', 'username', 'from', 'caFile']) {
      smtp[n] = value(form, `smtp.${n}`).trim();
    }
    smtp.port = Number(value(form, 'smtp.port'));
    if (value(form, 'smtp.password')) smtp.password = value(form, 'smtp.password');
    const body = {
      smtp,
      recipients: value(form, 'recipients').split(/[\s,;]+/).filter(Boolean),
      minSeverity: value(form, 'minSeverity'),
      groupSeconds: Number(value(form, 'groupSeconds')),
      repeatMinutes: Number(value(form, 'repeatMinutes')),
      sendResolved: value(form, 'sendResolved'),
    };
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        await api('PUT', 'alerts/settings', body);
        await render(root);
        setChildren(root.querySelector('#alerts-saved'), notice('ok', 'Alert mail saved.'));
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return form;
}

function testBlock() {
  const result = h('div', { class: 'test-result', 'aria-live': 'polite' });
  const to = field({ name: 'to', label: 'Send to (empty: the recipients)', type: 'email',
    placeholder: 'me@contoso.com' });
  const btn = button('Send test mail', async () => {
    setChildren(result, h('p', { class: 'sub' }, 'Sending…'));
    await busy(btn, async () => {
      try {
        const address = to.querySelector('input').value.trim();
        const r = await api('POST', 'alerts/test', address ? { to: address } : {});
        setChildren(result, notice(r.ok ? 'ok' : 'error',
          h('strong', {}, r.ok ? 'Test mail sent. ' : 'Test mail failed. '), sentence(r.detail)));
        result.firstChild.dataset.testOk = String(r.ok);
      } catch (e) {
        setChildren(result, notice('error', e.message));
      }
    });
  }, 'secondary');
  return [to, h('div', { class: 'actions' }, btn), result];
}

export async function render(root) {
  const [state, s, presets, history] = await Promise.all([api('GET', 'alerts'),
    api('GET', 'alerts/settings'), api('GET', 'alerts/presets'),
    api('GET', 'alerts/history?limit=100')]);
  const cols = ['Severity', 'Alert', 'Since', 'Times', 'Key'];
  setChildren(root, pageHeader('Alerts',
    'Problems the administrator must hear of: shown here and on the dashboard, and mailed ' +
    '(grouped, repeated while they last, and once more when they are resolved).'),
  h('div', { id: 'alerts-saved', 'aria-live': 'polite' }),
  card('Firing now', table(cols, alertRows(cols, state.firing),
    { empty: 'Nothing is firing.', testid: 'firing' })),
  card('Alert mail', mailStatus(state.mail), settingsForm(root, s, presets)),
  card('Send test mail', h('p', { class: 'help' }, 'Sends a short mail through the saved ' +
    'settings and says how the conversation with the mail server ended.'), ...testBlock()),
  card('History', table(cols, alertRows(cols, history),
    { empty: 'No alerts yet.', testid: 'alert-history' })));
}
