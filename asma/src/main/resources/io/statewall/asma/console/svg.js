// Hand-written SVG: plant state colours and shapes, the state timeline and the process trends.

import { timeText } from './format.js';

const NS = 'http://www.w3.org/2000/svg';

export function s(tag, attrs, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// Grey for the ordinary, colour only where attention is needed (ISA-101): trip is red,
// maintenance amber; the other states are calm tints told apart by their names and shapes.
const STATE_FILL = {
  normal: '#d5dde4', 'start-up': '#b9cfe4', 'shut-down': '#cfc4e2', stopped: '#ebebeb',
  maintenance: '#f1d27a', trip: '#c62a1c', unknown: '#f6f6f6',
};
const SPARE = ['#c8dccd', '#e3d3c1', '#c6d6e8', '#dcd0dc', '#d6dcc4', '#cfd8dc'];

export function stateFill(name) {
  if (Object.hasOwn(STATE_FILL, name)) return STATE_FILL[name];
  let h = 0;
  for (const ch of String(name)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return SPARE[h % SPARE.length];
}

/** Text colour that reads on the state's fill. */
export function stateInk(name) {
  return name === 'trip' ? '#ffffff' : '#1a1a1a';
}

/** A 16×16 shape per state, so the state reads without colour. */
export function stateIcon(name, size = 18) {
  const ink = '#1a1a1a';
  let shape;
  switch (name) {
    case 'trip': // alarm triangle with an exclamation mark
      shape = [s('path', { d: 'M8 1 L15.5 14.5 L0.5 14.5 Z', fill: '#c62a1c', stroke: ink, 'stroke-width': 1 }),
        s('rect', { x: 7.2, y: 5, width: 1.6, height: 5.5, fill: '#fff' }),
        s('rect', { x: 7.2, y: 11.6, width: 1.6, height: 1.6, fill: '#fff' })];
      break;
    case 'maintenance': // diamond
      shape = s('path', { d: 'M8 1 L15 8 L8 15 L1 8 Z', fill: '#f1d27a', stroke: ink, 'stroke-width': 1.2 });
      break;
    case 'normal': // filled circle
      shape = s('circle', { cx: 8, cy: 8, r: 6.5, fill: '#8a99a6', stroke: ink, 'stroke-width': 1.2 });
      break;
    case 'start-up': // arrow up
      shape = s('path', { d: 'M8 1.5 L14 8.5 L10 8.5 L10 14.5 L6 14.5 L6 8.5 L2 8.5 Z', fill: '#b9cfe4', stroke: ink, 'stroke-width': 1.2 });
      break;
    case 'shut-down': // arrow down
      shape = s('path', { d: 'M8 14.5 L14 7.5 L10 7.5 L10 1.5 L6 1.5 L6 7.5 L2 7.5 Z', fill: '#cfc4e2', stroke: ink, 'stroke-width': 1.2 });
      break;
    case 'stopped': // square
      shape = s('rect', { x: 2, y: 2, width: 12, height: 12, fill: '#ebebeb', stroke: ink, 'stroke-width': 1.2 });
      break;
    default: // dashed ring: not known
      shape = s('circle', { cx: 8, cy: 8, r: 6, fill: 'none', stroke: ink, 'stroke-width': 1.4, 'stroke-dasharray': '2.5 2' });
  }
  return s('svg', { viewBox: '0 0 16 16', width: size, height: size, class: 'state-icon', 'aria-hidden': 'true', focusable: 'false' }, shape);
}

/**
 * Segments of the plant state over [start, end] (ms) from history rows ({time, to}, any order)
 * and the state in force at start (null: unknown).
 */
export function stateSegments(rows, before, start, end) {
  const sorted = rows
    .map((r) => ({ t: Date.parse(r.time), to: r.to }))
    .filter((r) => Number.isFinite(r.t) && r.t <= end)
    .sort((a, b) => a.t - b.t);
  const out = [];
  let cur = before;
  let from = start;
  for (const r of sorted) {
    if (r.t <= start) {
      cur = r.to;
      continue;
    }
    if (r.to === cur) continue;
    if (cur !== null && cur !== undefined) out.push({ name: cur, from, to: r.t });
    cur = r.to;
    from = r.t;
  }
  if (cur !== null && cur !== undefined && end > from) out.push({ name: cur, from, to: end });
  return out;
}

/**
 * The segments of a window [start, end] of the plant-state history: the state in force at start
 * is {@code before}, or, unknown, the state the window's oldest change left.
 */
export function windowSegments(rows, before, start, end) {
  let first = before;
  if (first === null && rows.length) {
    const oldest = [...rows].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))[0];
    if (Date.parse(oldest.time) > start && oldest.from) first = oldest.from;
  }
  return stateSegments(rows, first, start, end);
}

/** The state timeline: one rect[data-state] per segment, names on wide ones, a legend below. */
export function timeline(segments, start, end, width, nowShown) {
  const height = 44;
  const axis = 16;
  const w = Math.max(200, width);
  const x = (t) => ((t - start) / (end - start)) * w;
  const svg = s('svg', { viewBox: `0 0 ${w} ${height + axis}`, width: w, height: height + axis, class: 'timeline', role: 'img',
    'aria-label': 'plant state over time' });
  svg.append(s('rect', { x: 0, y: 0, width: w, height, fill: '#fafafa', stroke: '#9aa3ab' }));
  const firstFrom = segments.length ? segments[0].from : end;
  if (x(firstFrom) > 140) {
    svg.append(s('text', { x: x(firstFrom) / 2, y: height / 2 + 5, 'text-anchor': 'middle', class: 'axis-label' }, 'no state recorded'));
  }
  for (const g of segments) {
    const x0 = x(Math.max(g.from, start));
    const x1 = x(Math.min(g.to, end));
    const rw = Math.max(1, x1 - x0);
    const rect = s('rect', { x: x0, y: 0, width: rw, height, fill: stateFill(g.name), stroke: '#5f6b75', 'stroke-width': 0.5,
      dataset: { state: g.name } },
    s('title', {}, `${g.name} from ${timeText(g.from)} to ${g.to >= end && nowShown ? 'now' : timeText(g.to)}`));
    svg.append(rect);
    if (rw > g.name.length * 7 + 10) {
      svg.append(s('text', { x: x0 + rw / 2, y: height / 2 + 5, 'text-anchor': 'middle', class: 'seg-label', fill: stateInk(g.name) }, g.name));
    }
  }
  const ticks = 6;
  for (let i = 0; i <= ticks; i++) {
    const t = start + ((end - start) * i) / ticks;
    const tx = x(t);
    svg.append(s('line', { x1: tx, x2: tx, y1: height, y2: height + 4, stroke: '#5f6b75' }));
    svg.append(s('text', { x: Math.min(Math.max(tx, 28), w - 28), y: height + axis - 2, 'text-anchor': 'middle', class: 'axis-label' },
      i === ticks && nowShown ? 'now' : timeText(t)));
  }
  return svg;
}

/** Legend entries (HTML) for the states: swatch + shape + name. */
export function legendItems(names, el) {
  return names.map((n) => {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = stateFill(n);
    return el('li', { class: 'legend-item' }, swatch, stateIcon(n, 14), el('span', {}, n));
  });
}

/**
 * A trend: state bands (rect[data-state]) behind a polyline of points [[ms, value], …] over
 * [start, end], with y-axis and time labels.
 */
export function trend(points, segments, start, end, width) {
  const w = Math.max(240, width);
  const h = 150;
  const left = 56;
  const right = 8;
  const top = 8;
  const bottom = 20;
  const pw = w - left - right;
  const ph = h - top - bottom;
  const shown = points.filter((p) => p[0] >= start && p[0] <= end && Number.isFinite(p[1]));
  let lo = Math.min(...shown.map((p) => p[1]));
  let hi = Math.max(...shown.map((p) => p[1]));
  if (!shown.length) {
    lo = 0;
    hi = 1;
  }
  if (hi === lo) {
    hi += Math.abs(hi) * 0.1 || 1;
    lo -= Math.abs(lo) * 0.1 || 0;
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const x = (t) => left + ((t - start) / (end - start)) * pw;
  const y = (v) => top + ph - ((v - lo) / (hi - lo)) * ph;
  const svg = s('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, class: 'trend-svg', role: 'img' });
  const bands = s('g', { class: 'bands' });
  for (const g of segments) {
    const x0 = x(Math.max(g.from, start));
    const x1 = x(Math.min(g.to, end));
    bands.append(s('rect', { x: x0, y: top, width: Math.max(0.5, x1 - x0), height: ph, fill: stateFill(g.name), 'fill-opacity': 0.55,
      dataset: { state: g.name } }, s('title', {}, `${g.name} from ${timeText(g.from)} to ${timeText(g.to)}`)));
  }
  svg.append(bands);
  svg.append(s('rect', { x: left, y: top, width: pw, height: ph, fill: 'none', stroke: '#9aa3ab' }));
  const fmt = (v) => (Math.abs(hi - lo) < 10 ? v.toFixed(2) : Math.round(v).toString());
  for (const v of [lo + pad, (lo + hi) / 2, hi - pad]) {
    svg.append(s('line', { x1: left, x2: left + pw, y1: y(v), y2: y(v), stroke: '#c3c9ce', 'stroke-dasharray': '3 3' }));
    svg.append(s('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'axis-label' }, fmt(v)));
  }
  for (const [t, anchor] of [[start, 'start'], [(start + end) / 2, 'middle'], [end, 'end']]) {
    svg.append(s('text', { x: x(t), y: h - 5, 'text-anchor': anchor, class: 'axis-label' }, timeText(t)));
  }
  const line = s('polyline', { class: 'trend-line', fill: 'none', stroke: '#1f3b57', 'stroke-width': 1.6,
    points: shown.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ') });
  svg.append(line);
  if (!shown.length) {
    svg.append(s('text', { x: left + pw / 2, y: top + ph / 2, 'text-anchor': 'middle', class: 'axis-label' }, 'no values in this window'));
  }
  return svg;
}
