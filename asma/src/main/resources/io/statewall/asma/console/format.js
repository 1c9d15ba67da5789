// DOM building and the ways values are written. Everything from the API is untrusted text:
// it only ever goes into textContent and attribute values, never into markup.

/** el('td', {class: 'num', dataset: {field: 'x'}}, 'text', child, …) */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

export function setAttrs(e, attrs) {
  if (!attrs) return e;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  return e;
}

export function append(e, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

/** Replaces the element's children. */
export function fill(e, ...children) {
  e.replaceChildren();
  return append(e, children);
}

const pad = (n) => String(n).padStart(2, '0');

/** Local HH:MM:SS, with the date in front when it is not today. */
export function timeText(value) {
  const d = toDate(value);
  if (!d) return '—';
  const now = new Date();
  const hms = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate()) {
    return hms;
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hms}`;
}

export function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A <time> element: local time as text, the full ISO time as its tooltip. */
export function timeEl(value, attrs) {
  const d = toDate(value);
  const t = el('time', attrs, timeText(value));
  if (d) {
    t.dateTime = d.toISOString();
    t.title = typeof value === 'string' ? value : d.toISOString();
  }
  return t;
}

/** Local datetime-local value (YYYY-MM-DDTHH:MM) of a date. */
export function localInputValue(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
export function num(n) {
  if (n === null || n === undefined || n === '') return '—';
  const x = Number(n);
  return Number.isFinite(x) ? nf.format(x === 0 ? 0 : x).replace(/^-0$/, '0') : String(n);
}

export const SEVERITY = { 1: 'high', 2: 'medium', 3: 'low', 4: 'info' };
export function severityText(s) {
  const n = Number(s);
  return SEVERITY[n] ? `${n} ${SEVERITY[n]}` : (s === undefined || s === null ? '—' : String(s));
}
export function severityClass(s) {
  const n = Number(s);
  return SEVERITY[n] ? `sev sev-${n}` : 'sev';
}

/** BLOCKED or ALERTED, from an EVE alert record. */
export function verdictText(eve) {
  const blocked = eve?.alert?.action === 'blocked' || eve?.statewall?.verdict === 'block';
  return blocked ? 'BLOCKED' : 'ALERTED';
}

export function verdictEl(eve, attrs) {
  const v = verdictText(eve);
  return el('span', { class: v === 'BLOCKED' ? 'verdict verdict-blocked' : 'verdict verdict-alerted', ...attrs }, v);
}

export function severityEl(s, attrs) {
  return el('span', { class: severityClass(s), ...attrs }, severityText(s));
}

export function text(v) {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.map(text).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** "192.0.2.1:1234 → 192.0.2.2:502" from an EVE record's flow fields. */
export function flowText(eve) {
  if (!eve || (!eve.src_ip && !eve.dest_ip)) return '—';
  const end = (ip, port) => (ip ? (port !== undefined && port !== null ? `${ip}:${port}` : ip) : '?');
  return `${end(eve.src_ip, eve.src_port)} → ${end(eve.dest_ip, eve.dest_port)}`;
}

/** A plain-words status line under an action: kind is ok, error or busy. */
export function statusLine(kind, ...children) {
  return el('p', { class: `status status-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

/** "WriteSingleRegister" → "Write Single Register" */
export function words(name) {
  return String(name).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
}

export function roleRank(role) {
  return { viewer: 0, operator: 1, admin: 2 }[role] ?? -1;
}
