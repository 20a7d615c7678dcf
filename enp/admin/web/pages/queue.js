// Queue: mail waiting for another attempt and dead letters, with "retry now" for the first
// (after fixing Exchange or CNS) and "requeue" for the second. No mail content: ENP keeps none.

import { api } from '../api.js';
import {
  badge, busy, button, card, confirmAction, fmtTime, h, notice, pageHeader, row, setChildren,
  table, when,
} from '../ui.js';

const VIEWS = {
  queued: { title: 'Waiting', empty: 'Nothing is waiting.', action: 'Retry all now',
    one: 'Retry now', path: 'retry', done: (r) => `${r.retried} retried now.` },
  dead: { title: 'Dead letters', empty: 'No dead letter.', action: 'Requeue all',
    one: 'Requeue', path: 'requeue', done: (r) => `${r.requeued} requeued.` },
};

function shortId(id) {
  return id.length > 24 ? h('span', { title: id }, `${id.slice(0, 10)}…${id.slice(-10)}`) : id;
}

export async function render(root, { arg }) {
  const state = arg === 'dead' ? 'dead' : 'queued';
  const view = VIEWS[state];
  const out = h('div', { 'aria-live': 'polite' });
  const message = h('div', { 'aria-live': 'polite' });

  async function act(ids, btn) {
    const body = ids ? { ids } : {};
    await busy(btn, async () => {
      try {
        const r = await api('POST', `queue/${view.path}`, body);
        setChildren(message, notice('ok', view.done(r)));
        await load();
      } catch (e) {
        setChildren(message, notice('error', e.message));
      }
    });
  }

  async function load() {
    const q = await api('GET', `queue?state=${state}&limit=200`);
    const cols = ['Mailbox', 'Item', 'Queued', state === 'dead' ? 'Dead-lettered' : 'Next attempt',
      'Attempts', 'Last error', ''];
    const rows = q.entries.map((e) => {
      const btn = button(view.one, () => act([e.id], btn), 'small');
      return row(cols, [
        e.registrationId ? h('a', { href: `#/registrations/${encodeURIComponent(e.registrationId)}` },
          e.mailbox || e.registrationId) : e.mailbox,
        shortId(e.itemId), fmtTime(e.createdAt),
        state === 'dead' ? fmtTime(e.finishedAt) : when(e.nextAttemptAt), String(e.attempts),
        e.lastError || '—', btn], { 'data-event': String(e.id) });
    });
    const all = button(view.action, () => {
      if (state === 'dead' && !confirmAction(`Requeue all ${q.count} dead letters? Mail older ` +
        'than the policy\'s maximum age expires instead of being pushed.')) return;
      act(null, all);
    }, 'secondary');
    all.disabled = q.count === 0;
    setChildren(out, h('div', { class: 'inline' }, badge(q.count ? 'warn' : 'ok',
      `${q.count} ${state === 'dead' ? 'dead' : 'waiting'}`), all),
    q.count > q.entries.length ? h('p', { class: 'sub' },
      `The newest ${q.entries.length} of ${q.count}.`) : null,
    table(cols, rows, { empty: view.empty, testid: `queue-${state}` }));
  }

  const tabs = h('div', { class: 'tabs', role: 'tablist' }, Object.entries(VIEWS).map(([k, v]) =>
    h('a', { href: `#/queue/${k}`, role: 'tab', 'aria-selected': String(k === state),
      class: k === state ? 'tab active' : 'tab' }, v.title)));
  setChildren(root, pageHeader('Queue', 'Mail waiting for another attempt, and dead letters ' +
    '(refused by CNS). After fixing what held them up, retry or requeue them here.'),
  tabs, message, card(view.title, out));
  try {
    await load();
  } catch (e) {
    setChildren(out, notice('error', `Cannot load the queue: ${e.message}`));
  }
}
