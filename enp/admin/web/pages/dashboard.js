// Dashboard: Exchange and CNS health, queue depth, the per-minute chart and recent errors.
// Refreshes every 5 seconds while shown.

import { api } from '../api.js';
import { chart } from '../chart.js';
import { checklistCard, checklistSteps } from '../checklist.js';
import { certificateProblems } from './system.js';
import {
  badge, card, fmtTime, h, notice, pageHeader, row, setChildren, table, when,
} from '../ui.js';

const REFRESH_MS = 5000;
const STATUS = {
  ok: ['ok', 'OK'],
  error: ['error', 'Error'],
  unknown: ['muted', 'No contact yet'],
  'not-configured': ['warn', 'Not configured'],
};

// The page that fixes what an error's source names.
function sourceLink(source) {
  const page = source === 'cns' ? 'cns' : source.startsWith('exchange:') ? 'exchange'
    : source.startsWith('graph:') ? 'exchange' : source === 'config' ? 'settings' : null;
  return page ? h('a', { href: `#/${page}` }, source) : source;
}

// Each "not ready" item of the API in the words of the page that fixes it, linked there.
const NOT_READY = [
  [/^exchange: /, 'exchange', 'Exchange servers',
    () => 'No Exchange server, Exchange Online tenant or mail server yet'],
  [/^graph (\S+): auth\.secret not set/, 'graph', 'Exchange Online',
    (m) => `Tenant ${m[1]}: Client secret not set`],
  [/^cns\.url: /, 'cns', 'CNS', () => 'CNS URL not set'],
  [/^cns\.token: /, 'cns', 'CNS', () => 'Organisation token not set'],
  [/^cns\.key: /, 'cns', 'CNS', () => 'Signing key not set'],
  [/^cns\.organizationId: /, 'cns', 'CNS', () => 'Organisation id not set'],
  [/^cns\.audience: /, 'cns', 'CNS', () => 'Audience not set'],
  [/^registrationKeys: /, 'keys', 'Registration keys',
    () => 'No registration key, so no device can register'],
];

// The CNS page's labels, for the API's words about CNS settings.
const CNS_LABELS = {
  'cns.url': 'CNS URL', 'cns.token': 'Organisation token', 'cns.key': 'Signing key',
  'cns.organizationId': 'Organisation id', 'cns.audience': 'Audience',
  'cns.algorithm': 'Algorithm', 'cns.keyId': 'Key id (kid)',
};

function cnsWords(text) {
  return String(text || '').replace(/\bcns\.[A-Za-z]+\b/g, (n) => CNS_LABELS[n] || n);
}

function notReadyItem(text) {
  for (const [re, page, title, words] of NOT_READY) {
    const m = re.exec(text);
    if (m) {
      return h('li', {}, h('a', { href: `#/${page}` }, words(m)), ` (${title} page)`);
    }
  }
  return h('li', {}, text);
}

function errorRow(columns, e) {
  const repeated = e.count > 1 ? h('div', { class: 'sub' },
    `${e.count} times since ${fmtTime(e.firstAt)}`) : null;
  const resolved = e.resolvedAt ? h('div', { class: 'sub' }, badge('ok', 'Recovered'),
    ` ${fmtTime(e.resolvedAt)}`) : null;
  const r = row(columns, [h('div', {}, fmtTime(e.at), repeated), sourceLink(e.source),
    h('div', {}, e.message, resolved), e.advice]);
  if (e.resolvedAt) r.classList.add('resolved');
  return r;
}

function status(s) {
  const [kind, text] = STATUS[s] || STATUS.unknown;
  return badge(kind, text);
}

function upstreamRow(columns, name, sub, u) {
  return row(columns, [h('div', {}, h('strong', {}, name), h('div', { class: 'sub' }, sub)),
    status(u.status), when(u.lastSuccessAt),
    u.lastErrorAt ? h('div', {}, when(u.lastErrorAt), h('div', { class: 'sub error-text' },
      u.lastError)) : 'none']);
}

function stat(label, value, kind = '') {
  return h('div', { class: `stat ${kind}`.trim() }, h('span', { class: 'stat-value' }, value),
    h('span', { class: 'stat-label' }, label));
}

// Registrations by subscription state, for servers whose subscriptions are ENP's.
function subscriptionStats(byState) {
  const enp = Object.keys(byState).filter((s) => s !== 'app-managed');
  if (!enp.length) return null;
  return card('Subscriptions kept by ENP', h('div', { class: 'stats',
    'data-testid': 'subscription-stats' }, enp.map((s) => stat(s, byState[s],
    s === 'failing' || s === 'stale' || s === 'mailbox-missing' ? 'warn' : ''))));
}

// Graph tenants: signing in, mail read, subscriptions by state.
function graphCard(tenants) {
  if (!tenants || !tenants.length) return null;
  const cols = ['Tenant', 'Sign-in', 'Mail read', 'Subscriptions'];
  return card('Exchange Online (Graph)', table(cols, tenants.map((t) => row(cols, [
    h('div', {}, h('strong', {}, t.name), h('div', { class: 'sub' }, t.tenantId)),
    h('div', {}, status(t.token.status), t.token.lastError ? h('div', {
      class: 'sub error-text' }, t.token.lastError, t.token.advice ? ` — ${t.token.advice}` : '')
      : null),
    h('div', {}, status(t.status), t.lastError ? h('div', { class: 'sub error-text' },
      t.lastError) : null),
    Object.keys(t.subscriptions).length ? Object.entries(t.subscriptions).map(([s, n]) =>
      badge(s === 'active' ? 'ok' : s === 'failing' || s === 'mailbox-missing' ? 'warn'
        : 'muted', `${n} ${s}`)) : 'none yet'])), { testid: 'graph-health' }));
}

export async function render(root) {
  let hours = 3;
  const body = h('div', { class: 'stack' });
  const updated = h('span', { class: 'sub', 'aria-live': 'off' });
  const hoursSel = h('select', { id: 'hours', 'aria-label': 'Chart period' },
    [1, 3, 6, 12, 24].map((v) => h('option', { value: v, selected: v === hours }, `${v} h`)));
  setChildren(root, pageHeader('Dashboard',
    'Health of the upstream services, the queue and what ENP did in the last hours.'), body);

  // The drawing area: the card's content width (the card has 20 px padding, 14 on a phone).
  const chartWidth = () => body.clientWidth - (body.clientWidth < 500 ? 30 : 42);

  async function refresh() {
    let d;
    try {
      d = await api('GET', `dashboard?hours=${hours}`);
    } catch (e) {
      setChildren(body, notice('error', `Cannot load the dashboard: ${e.message}`));
      return;
    }
    const upCols = ['Service', 'Status', 'Last success', 'Last error'];
    const upstream = [
      ...d.exchange.map((x) => upstreamRow(upCols, x.name, x.ewsUrl, x)),
      upstreamRow(upCols, 'CNS', d.cns.notConfigured ? h('a', { href: '#/cns' },
        cnsWords(d.cns.notConfigured)) : d.cns.url, d.cns),
    ];
    const errCols = ['When', 'Source', 'Error', 'What to do'];
    const errors = d.recentErrors.map((e) => errorRow(errCols, e));
    hoursSel.onchange = () => { hours = Number(hoursSel.value); refresh(); };
    updated.textContent = `Updated ${fmtTime(Date.now())}`;
    const alerts = d.alerts || [];
    const alertMail = d.alertMail || {};
    const steps = await checklistSteps(d);
    const certificates = await api('GET', 'system').then(certificateProblems, () => []);
    setChildren(body,
      checklistCard(steps),
      d.notReady.length ? notice('warn', h('strong', {}, 'Not ready yet:'),
        h('ul', { class: 'alert-list', 'data-testid': 'not-ready' }, d.notReady.map(notReadyItem)))
        : null,
      alerts.length ? notice('error', h('strong', {}, `${alerts.length} alert` +
        `${alerts.length === 1 ? '' : 's'} firing: `),
      h('ul', { class: 'alert-list', 'data-testid': 'dashboard-alerts' }, alerts.map((a) =>
        h('li', {}, h('strong', {}, a.title), ` — ${a.advice}`))),
      h('a', { href: '#/alerts' }, 'See the alerts')) : null,
      certificates.length ? notice(certificates.some((c) => c.state !== 'expiring') ? 'error'
        : 'warn', h('strong', {}, 'Certificates: '), certificates.map((c) =>
        `the ${c.listener === 'admin' ? 'console' : 'public'} listener's certificate ` +
        (c.state === 'expiring' ? `expires in ${c.daysLeft} days` : c.state === 'expired'
          ? 'has expired' : 'cannot be read')).join('; '), '. ',
      h('a', { href: '#/system', 'data-testid': 'certificate-warning' }, 'See System')) : null,
      alertMail.lastError ? notice('warn', h('strong', {}, 'Alert mail failing: '),
        alertMail.lastError) : null,
      h('div', { class: 'stats' },
        h('a', { href: '#/queue/queued', class: 'stat-link' }, stat('Queue depth', d.queueDepth,
          d.queueDepth > 100 ? 'warn' : '')),
        stat('Active registrations', d.activeRegistrations),
        h('a', { href: '#/queue/dead', class: 'stat-link' }, stat('Dead letters', d.deadLetters,
          d.deadLetters ? 'warn' : ''))),
      subscriptionStats(d.subscriptions || {}),
      card(null, h('div', { class: 'card-head' }, h('h2', {}, 'Notifications per minute'),
        h('div', { class: 'inline' }, updated, hoursSel)), chart(d.perMinute, chartWidth())),
      card('Upstream health', table(upCols, upstream, { testid: 'health' })),
      graphCard(d.graph),
      card('Recent errors', table(errCols, errors, { empty: 'No errors recorded since the start.',
        testid: 'errors' })));
  }

  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => clearInterval(timer);
}
