// Process: one trend per plant variable over a window, the plant state as bands behind the
// line; live values extend the lines.

import { api, errorText, query } from './api.js';
import { el, fill, num, statusLine, timeEl } from './format.js';
import { trend, windowSegments } from './svg.js';

const WINDOWS = { '5m': 5 * 60e3, '15m': 15 * 60e3, '1h': 3600e3, '6h': 6 * 3600e3 };

export function mount(main, ctx) {
  let windowName = '15m';
  let series = []; // [{variable, nma, point, points: [[ms, v]]}]
  let history = [];
  let before = null;
  const cards = new Map(); // variable -> {card, chart, value, at}
  let drawPending = false;

  const buttons = Object.keys(WINDOWS).map((w) => el('button', { type: 'button', class: 'seg-btn', dataset: { window: w },
    'aria-pressed': String(w === windowName), onclick: () => setWindow(w) }, w));
  const msg = el('div', { class: 'card-msg' });
  const grid = el('div', { class: 'trend-grid' });
  fill(main, el('div', { class: 'page-head' }, el('h1', {}, 'Process'),
    el('div', { class: 'seg', role: 'group', 'aria-label': 'window' }, buttons),
    el('p', { class: 'muted' }, 'Shaded bands: the plant state at that time.')), msg, grid);

  function setWindow(w) {
    windowName = w;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.window === w));
    load();
  }

  async function load() {
    const start = new Date(Date.now() - WINDOWS[windowName]).toISOString();
    const maxPoints = 600;
    const [proc, states, prior] = await Promise.allSettled([
      api(`/api/v1/process${query({ since: start, max_points: maxPoints })}`),
      api(`/api/v1/plant/states${query({ since: start, limit: 1000 })}`),
      api(`/api/v1/plant/states${query({ until: start, limit: 1 })}`),
    ]);
    if (states.status === 'fulfilled') history = states.value.items || [];
    before = prior.status === 'fulfilled' ? prior.value.items?.[0]?.to ?? null : null;
    if (proc.status === 'rejected') {
      fill(msg, statusLine('error', errorText('Loading the process values', proc.reason)));
      return;
    }
    series = proc.value.series || [];
    msg.replaceChildren();
    if (!series.length) fill(msg, statusLine('info', 'No process values in this window.'));
    build();
  }

  function build() {
    const seen = new Set();
    for (const s of series) {
      seen.add(s.variable);
      if (!cards.has(s.variable)) {
        const value = el('span', { class: 'trend-value', dataset: { field: 'value' } }, '—');
        const at = el('span', { class: 'muted trend-at' });
        const chart = el('div', { class: 'trend-chart' });
        const card = el('section', { class: 'card trend', dataset: { testid: 'trend', variable: s.variable } },
          el('div', { class: 'card-head' }, el('h2', {}, s.variable),
            el('span', { class: 'muted' }, s.nma && s.point ? `${s.nma} / ${s.point}` : ''), el('span', { class: 'trend-now' }, value, at)),
          chart);
        cards.set(s.variable, { card, chart, value, at });
        grid.append(card);
      }
    }
    for (const [v, c] of cards) {
      if (!seen.has(v)) {
        c.card.remove();
        cards.delete(v);
      }
    }
    draw();
  }

  function draw() {
    drawPending = false;
    const end = Date.now();
    const start = end - WINDOWS[windowName];
    const segs = windowSegments(history, before, start, end);
    for (const s of series) {
      const c = cards.get(s.variable);
      if (!c) continue;
      const last = s.points[s.points.length - 1];
      c.value.textContent = last ? num(last[1]) : '—';
      fill(c.at, last ? [' at ', timeEl(last[0])] : '');
      const width = c.chart.clientWidth || 600;
      fill(c.chart, trend(s.points, segs, start, end, width));
    }
  }

  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(draw);
  }

  load();
  const tick = setInterval(scheduleDraw, 5000);
  const onResize = () => scheduleDraw();
  window.addEventListener('resize', onResize);

  return {
    event(name, data) {
      if (name === 'process') {
        let added = false;
        for (const item of data.items || []) {
          let s = series.find((x) => x.variable === item.variable);
          if (!s && item.variable) {
            s = { variable: item.variable, nma: item.nma, point: item.point, points: [] };
            series.push(s);
            msg.replaceChildren();
            build();
          }
          const t = Date.parse(item.time);
          const v = typeof item.value === 'boolean' ? Number(item.value) : Number(item.value);
          if (!s || !Number.isFinite(t) || !Number.isFinite(v)) continue;
          const last = s.points[s.points.length - 1];
          if (last && last[0] >= t) continue;
          s.points.push([t, v]);
          const cutoff = Date.now() - WINDOWS[windowName];
          while (s.points.length > 2000 || (s.points.length && s.points[0][0] < cutoff)) s.points.shift();
          added = true;
        }
        if (added) scheduleDraw();
      } else if (name === 'state') {
        if (!history.some((h) => h.id === data.id)) history.push(data);
        scheduleDraw();
      }
    },
    reload: load,
    unmount() {
      clearInterval(tick);
      window.removeEventListener('resize', onResize);
    },
  };
}
