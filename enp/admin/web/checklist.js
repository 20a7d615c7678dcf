// The first-run checklist on the dashboard: what a new installation still needs, each step with
// what shows it done and a link to the page that does it. Read from the API the console uses
// anyway; a step the user's role cannot read is left out.

import { api } from './api.js';
import { badge, card, h } from './ui.js';

async function orNull(path) {
  try {
    return await api('GET', path);
  } catch (e) {
    return null;  // not allowed for this role, or not reachable: the step is left out
  }
}

/** The steps, from the dashboard's data `d` and a few reads of their own. */
export async function checklistSteps(d) {
  const [keys, alerts, tls, listeners] = await Promise.all([
    orNull('registration-keys'), orNull('alerts/settings'), orNull('tls'), orNull('listeners')]);
  // Done once it answered a test (or real traffic) at least once: a later failure is the
  // dashboard's business, not a step left to do.
  const answered = (x) => Boolean(x && (x.lastSuccessAt || x.status === 'ok'));
  const tested = (list) => (list || []).some(answered);
  const steps = [
    { id: 'exchange', page: '#/exchange', title: 'Add your Exchange server and test it',
      done: tested(d.exchange) || tested(d.graph),
      how: 'Exchange servers → Add server, then Test with a mailbox (or Exchange Online → Test).' },
    { id: 'cns', page: '#/cns', title: 'Set up CNS and send a test push',
      done: d.cns.status !== 'not-configured' && answered(d.cns), how: 'CNS → the URL, token and signing key, then Send test.' },
  ];
  if (keys) {
    steps.push({ id: 'keys', page: '#/keys', title: 'Create a registration key for the apps',
      done: keys.length > 0, how: 'Registration keys → Create; give it to the device management.' });
  }
  if (alerts) {
    const mail = d.alertMail || {};
    steps.push({ id: 'alerts', page: '#/alerts', title: 'Set up alert mail and send a test mail',
      done: Boolean(alerts.enabled) && Boolean(mail.lastSentAt),
      how: 'Alerts → mail server and recipients, then Send test mail.' });
  }
  if (tls) {
    steps.push({ id: 'certificate', page: '#/settings', title: 'Install the console certificate',
      done: !tls.selfSigned, how: 'Settings → Console certificate: upload your own (PEM).' });
  }
  if (listeners) {
    const base = listeners.public.baseUrl || '';
    steps.push({ id: 'base-url', page: '#/settings',
      title: 'Give Exchange an HTTPS address for its callbacks',
      done: listeners.public.tls || base.startsWith('https://'),
      how: 'Public TLS or an HTTPS base URL in the bootstrap file (enp.conf, [public]).' });
  }
  return steps;
}

/** The card, or null once every step is done. */
export function checklistCard(steps) {
  const left = steps.filter((s) => !s.done).length;
  if (!left) return null;
  return card(`First steps: ${steps.length - left} of ${steps.length} done`,
    h('ol', { class: 'checklist', 'data-testid': 'checklist' }, steps.map((s) =>
      h('li', { 'data-step': s.id, 'data-done': String(s.done) },
        s.done ? badge('ok', 'Done') : badge('warn', 'To do'), ' ',
        h('a', { href: s.page }, s.title),
        s.done ? null : h('div', { class: 'sub' }, s.how)))));
}
