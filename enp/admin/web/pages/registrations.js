// Registrations: search by mailbox, device token or id; a registration's settings, heartbeat,
// decisions, revoke.

import { api } from '../api.js';
import {
  badge, button, card, confirmAction, facts, field, fmtTime, h, notice, pageHeader, row,
  setChildren, submit, table, value, when,
} from '../ui.js';
import { explainCard, testPushControl } from './explain.js';

const DAYS = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

function state(r) {
  return r.revokedAt ? badge('muted', 'revoked') : badge('ok', 'active');
}

function onOff(v) {
  return v === undefined ? '—' : v ? 'on' : 'off';
}

function hoursText(wh) {
  return wh && wh.start ? `${(wh.days || []).map((d) => DAYS[d] || d).join(' ')} ` +
    `${wh.start}–${wh.end}` : '—';
}

// Where the work hours come from: the registration, or the mailbox's own in Exchange.
function hoursSource(r) {
  if (r.workHoursFrom !== 'mailbox') return 'This registration';
  const m = r.mailboxHours || { state: 'pending' };
  let text;
  if (m.state === 'found') {
    text = `The mailbox (Exchange): ${hoursText(m.workHours)} ${m.timeZone || ''}`.trim() +
      `, read ${fmtTime(m.readAt)}`;
  } else if (m.state === 'none') {
    text = `The mailbox has none set in Exchange (read ${fmtTime(m.readAt)}): the ` +
      'fallback ones apply';
  } else {
    text = 'The mailbox (Exchange), not read yet: the fallback ones apply' +
      (m.error ? ` (${m.error})` : '');
  }
  if (m.notes) text += `. ${m.notes}`;
  return h('span', { 'data-testid': 'hours-source' }, text);
}

function policyFacts(p, r) {
  const wh = p.workHours || {};
  return facts([
    ['Work hours from', hoursSource(r)],
    [r.workHoursFrom === 'mailbox' ? 'Fallback time zone' : 'Time zone', p.timeZone],
    [r.workHoursFrom === 'mailbox' ? 'Fallback work hours' : 'Work hours', hoursText(wh)],
    ['Work hours only', onOff(p.workHoursOnly)],
    ['Weekend alerts', onOff(p.weekendAlerts)],
    ['VIPs after hours', onOff(p.vipAfterHours)],
    ['VIPs', (p.vips || []).join(', ')],
    ['Detailed', onOff(p.detailed)],
  ]);
}

async function detail(root, id, navigate, may) {
  const r = await api('GET', `registrations/${encodeURIComponent(id)}?decisions=100`);
  const cols = ['When', 'Outcome', 'Rule', 'Reason', 'Local time', 'Item'];
  const decisions = r.decisions.map((d) => row(cols, [fmtTime(d.at),
    badge(d.outcome === 'deliver' || d.outcome === 'delivered' ? 'ok'
      : d.outcome === 'suppress' || d.outcome === 'suppressed' ? 'warn' : 'muted', d.outcome),
    d.rule, d.reason, `${d.localTime} ${d.zone}`.trim(), h('code', { class: 'clip' }, d.itemId)]));
  // Revoking is for admins (the API refuses the other roles).
  const revoke = r.revokedAt || !may('admin') ? null : button('Revoke', async () => {
    if (!confirmAction(`Revoke the registration of ${r.mailbox}? Its queued pushes are dropped ` +
      'and Exchange is told to unsubscribe.')) return;
    await api('DELETE', `registrations/${encodeURIComponent(id)}`);
    detail(root, id, navigate, may);
  }, 'danger');
  setChildren(root, 
    h('p', {}, h('a', { href: '#/registrations' }, '← All registrations')),
    pageHeader(r.mailbox, `Registration ${r.id}`),
    h('div', { class: 'two-col' },
      card(null, h('div', { class: 'card-head' }, h('h2', {}, 'Registration'),
        h('div', { class: 'inline' }, state(r), revoke)),
      facts([
        ['Platform', r.platform],
        ['Device token', h('code', {}, r.deviceToken)],
        ['Registration key', r.keyLabel],
        ...(r.account ? [
          // An IMAP or POP3 mailbox ENP reads itself: no Exchange callbacks or subscription.
          ['Mail account', h('span', { 'data-testid': 'mail-account' },
            `${r.account.username} on ${r.account.server}, folder ${r.account.folder}`)],
          ['Password set', fmtTime(r.account.passwordChangedAt)],
          ['Connection', connectionText(r.account.connection)],
          r.account.connection && r.account.connection.lastMailAt
            ? ['Last new mail', when(r.account.connection.lastMailAt)] : null,
        ] : [
          ['Last callback', when(r.lastSeenAt)],
          ['Last watermark', r.lastWatermarkAt ? when(r.lastWatermarkAt) : 'none yet'],
          r.graphSubscription ? ['Graph subscription', graphText(r.graphSubscription)]
            : ['Subscription', subscriptionText(r.subscription)],
          r.graphSubscription && r.graphSubscription.expiresAt
            ? ['Subscription expires', fmtTime(r.graphSubscription.expiresAt)] : null,
          r.graphSubscription ? ['Last notification', when(r.graphSubscription.lastNotificationAt)]
            : null,
        ]),
        ['Created', fmtTime(r.createdAt)],
        ['Updated', fmtTime(r.updatedAt)],
        r.revokedAt ? ['Revoked', fmtTime(r.revokedAt)] : null,
      ]),
      // A test push is for operators and admins (the API refuses the help desk).
      r.revokedAt || !may('operator') ? null : testPushControl(r.id)),
      card('Settings', policyFacts(r.policy || {}, r))),
    explainCard(r.id),
    card('Recent decisions', h('p', { class: 'help' }, 'Newest first, with the rule that ' +
      'decided and why. No mail content is kept.'),
    table(cols, decisions, { empty: 'No mail decided for this registration yet.',
      testid: 'decisions' })));
}

// "active", "failing: Exchange unreachable", "app-managed" (the app subscribes), "revoked
// (ended 09:12)" (Exchange is answered Unsubscribe at its next callback).
function subscriptionText(sub) {
  if (!sub) return '—';
  let text = sub.failure ? `${sub.state}: ${sub.failure}` : sub.state;
  if (sub.state === 'revoked' && sub.endedAt) text = `revoked (ended ${fmtTime(sub.endedAt)})`;
  return h('span', { 'data-testid': 'subscription-state' }, text);
}

// "idle since 09:12", "auth failed: the server refused … (next try 15:12)", "not watched yet".
function connectionText(c) {
  if (!c) return h('span', { 'data-testid': 'connection-state' }, 'not watched yet');
  let text = `${c.state} since ${fmtTime(c.since)}`;
  if (c.detail) text += `: ${c.detail}`;
  if (c.retryAt) text += ` (next try ${fmtTime(c.retryAt)})`;
  return h('span', { 'data-testid': 'connection-state' }, text);
}

// "active (tenant online)", "failing: Graph refused ENP's credentials or rights (...)".
function graphText(g) {
  const text = `${g.failure ? `${g.state}: ${g.failure}` : g.state} (tenant ${g.tenant})`;
  return h('span', { 'data-testid': 'graph-subscription-state' }, text);
}

export async function render(root, { arg, navigate, may = () => true }) {
  if (arg) {
    await detail(root, arg, navigate, may);
    return;
  }
  const results = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form', role: 'search', novalidate: true,
    'aria-label': 'Search registrations' },
  field({ name: 'mailbox', label: 'Mailbox contains, or a device token or id', type: 'search',
    value: sessionStorage.getItem('enp.regSearch') || '', placeholder: 'alice@contoso.com',
    help: 'A device token whole, or its first or last characters (4 at least).' }),
  h('div', { class: 'actions' }, submit('Search')));
  async function search() {
    const q = value(form, 'mailbox').trim();
    sessionStorage.setItem('enp.regSearch', q);
    try {
      const regs = await api('GET', `registrations?limit=200&q=${encodeURIComponent(q)}`);
      const cols = ['Mailbox', 'Platform', 'Device', 'Key', 'Registered', 'Last callback',
        'State'];
      setChildren(results, h('p', { class: 'sub' }, `${regs.length} registration` +
        `${regs.length === 1 ? '' : 's'}${regs.length === 200 ? ' (first 200)' : ''}`),
      table(cols, regs.map((r) => row(cols, [
        h('a', { href: `#/registrations/${encodeURIComponent(r.id)}` }, r.mailbox), r.platform,
        h('code', { title: 'Device token: its first 8 and last 4 characters' }, r.deviceToken),
        r.keyLabel, fmtTime(r.createdAt), when(r.lastSeenAt), state(r)])),
      { empty: 'No registration matches.', testid: 'registrations' }));
    } catch (e) {
      setChildren(results, notice('error', e.message));
    }
  }
  form.addEventListener('submit', (ev) => { ev.preventDefault(); search(); });
  setChildren(root, pageHeader('Registrations',
    'The mailboxes whose devices get notifications. Open one to see why a mail was pushed ' +
    'or held back.'), card(null, form, results));
  await search();
}
