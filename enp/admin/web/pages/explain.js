// Diagnostics for one registration: "Explain a mail" (the decision the pipeline would take for
// a mail arriving at a given instant, POST explain) and a test push to its device (POST
// registrations/{id}/test-push).

import { api } from '../api.js';
import { badge, busy, button, card, facts, field, h, notice, setChildren, showError, submit,
  value } from '../ui.js';

// "2026-11-23T10:00" for a datetime-local input: the browser's local time, to the minute.
function localInputValue(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The "Explain a mail" card for registration `id`. */
export function explainCard(id) {
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'explain-result' });
  // It changes nothing: a read-only role may use it too (app.js readOnly()).
  const form = h('form', { class: 'grid-form', novalidate: true, 'aria-label': 'Explain a mail',
    'data-changes': 'none' },
      field({ name: 'mail.senderAddress', label: 'Sender address', required: true,
        placeholder: 'carol@fabrikam.com', autocomplete: 'off' }),
      field({ name: 'mail.senderName', label: 'Sender name', placeholder: 'Carol' }),
      field({ name: 'mail.subject', label: 'Subject' }),
      field({ name: 'mail.importance', label: 'Importance', value: 'Normal',
        options: [['Normal', 'Normal'], ['High', 'High'], ['Low', 'Low']] }),
      field({ name: 'at', label: 'Arrived at (your browser\'s time)', type: 'datetime-local',
        value: localInputValue(new Date()), required: true,
        help: 'When Exchange received the mail; the user\'s time zone is applied as ENP does.' }),
    h('div', { class: 'actions' }, submit('Explain')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const at = new Date(value(form, 'at'));
    const body = {
      registrationId: id,
      mail: {
        senderAddress: value(form, 'mail.senderAddress').trim(),
        senderName: value(form, 'mail.senderName').trim(),
        subject: value(form, 'mail.subject'),
        importance: value(form, 'mail.importance'),
      },
      at: Number.isNaN(at.getTime()) ? value(form, 'at') : at.toISOString(),
    };
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const d = await api('POST', 'explain', body);
        setChildren(result, notice(d.deliver ? 'ok' : 'warn',
          h('p', {}, h('strong', {}, d.deliver ? 'Would be notified' : 'Held back: no notification'),
            ' ', badge(d.deliver ? 'ok' : 'warn', d.rule)),
          facts([
            ['Why', d.reason],
            ['User\'s local time', d.localTime ? `${d.localTime} ${d.zone || ''}`.trim() : ''],
          ])));
      } catch (e) {
        setChildren(result);
        showError(form, e);
      }
    });
  });
  return card('Explain a mail', h('p', { class: 'help' }, 'Why was (or wasn\'t) this user ' +
    'notified? Enter the mail and when it arrived: ENP answers with the decision its rules take ' +
    'for this registration now, with its current settings.'), form, result);
}

/** A "Send test push" button and its result, for registration `id`. */
export function testPushControl(id) {
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'test-push-result' });
  const btn = button('Send test push', async () => {
    await busy(btn, async () => {
      try {
        const r = await api('POST', `registrations/${encodeURIComponent(id)}/test-push`, {});
        setChildren(result, notice(r.ok ? 'ok' : 'error', r.message,
          r.reason ? h('p', {}, `CNS said: ${r.reason}`) : null));
      } catch (e) {
        setChildren(result, notice('error', e.message));
      }
    });
  });
  return h('div', { class: 'test-push' }, h('p', { class: 'help' }, 'Sends a notification ' +
    'marked "ENP test notification" to this device through CNS, signed as real ones are.'),
  btn, result);
}
