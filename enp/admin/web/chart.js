// A stacked bar chart of pushes, suppressions and failures per minute, drawn as inline SVG.
// The <svg> carries data-delivered / data-suppressed / data-failed (totals) and data-bars.

import { h } from './ui.js';

const PAD = { left: 36, right: 18, top: 10, bottom: 26 };
export const SERIES = [
  ['delivered', 'Delivered'],
  ['suppressed', 'Suppressed'],
  ['failed', 'Failed'],
];

function niceMax(v) {
  if (v <= 4) return 4;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function pad2(n) {
  return String(n).padStart(2, '0');
}

/**
 * perMinute: {start, minutes, delivered[], suppressed[], failed[]} from GET dashboard; width:
 * the pixels available (the drawing is made to that size, so text keeps its size on a phone).
 */
export function chart(perMinute, width = 720) {
  const W = Math.max(280, Math.round(width));
  const H = W < 500 ? 180 : 220;
  const n = perMinute.minutes || 0;
  // At most one bar per 4 pixels.
  const group = Math.max(1, Math.ceil(n / Math.floor((W - PAD.left - PAD.right) / 4)));
  const bars = [];
  for (let i = 0; i < n; i += group) {
    const bar = { at: perMinute.start + i * 60000, delivered: 0, suppressed: 0, failed: 0 };
    for (let j = i; j < Math.min(n, i + group); ++j) {
      for (const [key] of SERIES) bar[key] += perMinute[key][j] || 0;
    }
    bars.push(bar);
  }
  const totals = Object.fromEntries(SERIES.map(([key]) =>
    [key, (perMinute[key] || []).reduce((a, b) => a + b, 0)]));
  const max = niceMax(Math.max(0, ...bars.map((b) => b.delivered + b.suppressed + b.failed)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = bars.length ? plotW / bars.length : plotW;
  const y = (v) => PAD.top + plotH - (v / max) * plotH;

  const svg = h('svg:svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img',
    'aria-label': `Last ${Math.round(n / 60)} hours: ${totals.delivered} delivered, ` +
      `${totals.suppressed} suppressed, ${totals.failed} failed`,
    'data-delivered': totals.delivered, 'data-suppressed': totals.suppressed,
    'data-failed': totals.failed, 'data-bars': bars.length,
  });
  for (let t = 0; t <= 4; ++t) {
    const v = (max * t) / 4;
    svg.append(h('svg:line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v),
      class: t ? 'grid' : 'axis' }));
    svg.append(h('svg:text', { x: PAD.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' },
      Number.isInteger(v) ? v : v.toFixed(1)));
  }
  bars.forEach((b, i) => {
    let base = 0;
    const x = PAD.left + i * bw;
    const d = new Date(b.at);
    const everyHours = Math.max(1, Math.ceil(48 / (bw * (60 / group))));
    if (d.getMinutes() < group && d.getHours() % everyHours === 0 && x > PAD.left + 12) {
      svg.append(h('svg:text', { x, y: H - 8, class: 'tick', 'text-anchor': 'middle' },
        `${pad2(d.getHours())}:00`));
    }
    for (const [key, label] of SERIES) {
      if (!b[key]) continue;
      const rect = h('svg:rect', { x: x + bw * 0.1, width: Math.max(1, bw * 0.8),
        y: y(base + b[key]), height: y(base) - y(base + b[key]), class: `bar ${key}` },
      h('svg:title', {}, `${pad2(d.getHours())}:${pad2(d.getMinutes())} — ${b[key]} ` +
        label.toLowerCase()));
      svg.append(rect);
      base += b[key];
    }
  });
  const legend = h('ul', { class: 'legend' }, SERIES.map(([key, label]) =>
    h('li', {}, h('span', { class: `swatch ${key}` }), `${label} `,
      h('strong', { 'data-total': key }, totals[key]))));
  return h('figure', { class: 'chart-box' }, svg, h('figcaption', {}, legend));
}
