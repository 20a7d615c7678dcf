// Cluster: the ENP nodes sharing the database (one on SQLite), their heartbeats, and which
// shares of single-node work (subscriptions, IMAP/POP watchers, working hours: 0–63; retention:
// 64; alert mail: 65) each holds. Read only: the nodes balance the shares among themselves.

import { api } from '../api.js';
import {
  badge, card, facts, fmtTime, h, notice, pageHeader, row, setChildren, table,
} from '../ui.js';

const REFRESH_MS = 5000;
const STATE_BADGE = { alive: 'ok', dead: 'error', stopped: 'muted' };

function seconds(ms) {
  return ms < 10000 ? `${(ms / 1000).toFixed(1)} s ago` : `${Math.round(ms / 1000)} s ago`;
}

/** Share numbers as ranges: [0, 1, 2, 5] -> "0–2, 5". */
function ranges(list) {
  const out = [];
  for (let i = 0; i < list.length; i += 1) {
    let j = i;
    while (j + 1 < list.length && list[j + 1] === list[j] + 1) j += 1;
    out.push(j > i ? `${list[i]}\u2013${list[j]}` : String(list[i]));
    i = j;
  }
  return out.join(', ') || '—';
}

function view(c) {
  const cols = ['Node', 'State', 'Last heartbeat', 'Shares', 'Which', 'Started', 'Version',
    'Console', 'Public listener'];
  const rows = c.nodes.map((n) => row(cols, [
    n.self ? h('span', {}, h('strong', {}, n.name), ' (this node)') : n.name,
    badge(STATE_BADGE[n.state] || 'warn', n.state),
    h('span', { title: fmtTime(n.heartbeatAt) }, seconds(n.heartbeatAgeMs)),
    String(n.shares), h('span', { class: 'sub' }, ranges(n.heldShares || [])),
    fmtTime(n.startedAt), n.version || '—', n.adminListen || '—',
    n.publicListen || '—'], { 'data-node': n.name }));
  const held = c.nodes.reduce((sum, n) => sum + n.shares, 0);
  return [
    facts([
      ['Database', c.backend === 'postgresql' ? 'PostgreSQL (shared by the nodes)'
        : 'SQLite (one node)'],
      ['This node', c.node],
      ['Heartbeat', `every ${c.heartbeatSeconds} s; a node silent for ${c.nodeExpirySeconds} s ` +
        'is dead and its shares move to the others'],
      ['Shares held', h('span', { 'data-testid': 'shares-held' }, `${held} of ${c.shares}`)],
      ['Shares', '0\u201363: registrations (subscriptions, IMAP/POP watchers, working hours); ' +
        '64: retention; 65: alert mail'],
    ]),
    c.unheld ? notice('warn', `${c.unheld} share(s) held by no node right now: they are taken ` +
      'at the next heartbeat of a live node.') : null,
    table(cols, rows, { empty: 'No node has sent a heartbeat yet.', testid: 'cluster-nodes' }),
  ];
}

export async function render(root) {
  const out = h('div', { 'aria-live': 'polite' });
  setChildren(root, pageHeader('Cluster', 'The ENP nodes sharing this database. Work that must ' +
    'run on exactly one node is cut into shares, each renewed by its node\'s heartbeat: a ' +
    'stopped node\'s shares go to the others at their next heartbeat, a joining node takes ' +
    'its part one share per heartbeat.'),
  card('Nodes', out));
  async function load() {
    try {
      setChildren(out, ...view(await api('GET', 'cluster')));
    } catch (e) {
      setChildren(out, notice('error', `Cannot load the cluster: ${e.message}`));
    }
  }
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
