// One alert as a table row (overview, alerts list, actions), and the filter test for live alerts.

import { el, timeEl, severityEl, verdictEl, text } from './format.js';
import { techniqueLabel } from './attack.js';

export const COLUMNS = {
  time: ['Time', (a) => timeEl(a.time)],
  severity: ['Severity', (a) => severityEl(a.event?.alert?.severity)],
  verdict: ['Verdict', (a) => verdictEl(a.event)],
  nma: ['NMA', (a) => text(a.nma)],
  state: ['State', (a) => text(a.event?.statewall?.state)],
  signature: ['Signature', (a) => el('a', { href: `#/alerts/${encodeURIComponent(a.id)}`, title: text(a.event?.alert?.signature) },
    text(a.event?.alert?.signature))],
  technique: ['ATT&CK', (a) => {
    const ids = a.event?.statewall?.attack || [];
    return ids.length ? ids.map((t, i) => [i ? ', ' : '', el('span', { title: techniqueLabel(t) }, String(t))]) : '—';
  }],
  ack: ['Ack', (a) => ackText(a.ack)],
};

export function ackText(ack) {
  return ack ? `by ${ack.by}` : 'open';
}

export function headRow(columns, extra = []) {
  return el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: `col-${c}` }, COLUMNS[c][0])), extra.map((h) => el('th', { scope: 'col' }, h)));
}

/** tr[data-testid=alert-row][data-id] with td[data-field=…]; a click anywhere opens the alert. */
export function alertRow(a, columns, extraCells = []) {
  const tr = el('tr', { dataset: { testid: 'alert-row', id: String(a.id) }, class: rowClass(a) },
    columns.map((c) => el('td', { dataset: { field: c }, class: `col-${c}` }, COLUMNS[c][1](a))), extraCells);
  tr.addEventListener('click', (ev) => {
    if (ev.target.closest('a, button, input, textarea, select')) return;
    location.hash = `#/alerts/${encodeURIComponent(a.id)}`;
  });
  return tr;
}

function rowClass(a) {
  const parts = ['alert-row'];
  if (a.event?.alert?.action === 'blocked' || a.event?.statewall?.verdict === 'block') parts.push('is-blocked');
  if (a.ack) parts.push('is-acked');
  return parts.join(' ');
}

/** Marks a row just arrived from the live feed (CSS fades the highlight out). */
export function highlight(tr) {
  tr.classList.add('is-new');
  setTimeout(() => tr.classList.remove('is-new'), 4000);
}

/** Whether an alert (API shape) passes the alerts page's filters (URLSearchParams). */
export function matches(a, f) {
  const eve = a.event || {};
  const list = (k) => (f.get(k) || '').split(',').map((x) => x.trim()).filter(Boolean);
  const nmas = list('nma');
  if (nmas.length && !nmas.includes(a.nma)) return false;
  const sev = list('severity');
  if (sev.length && !sev.includes(String(eve.alert?.severity))) return false;
  const states = list('state');
  if (states.length && !states.includes(eve.statewall?.state)) return false;
  const techs = list('technique').map((t) => t.toUpperCase());
  if (techs.length && !(eve.statewall?.attack || []).some((t) => techs.includes(String(t).toUpperCase()))) return false;
  const action = f.get('action');
  if (action && eve.alert?.action !== action) return false;
  const acked = f.get('acknowledged');
  if (acked === 'true' && !a.ack) return false;
  if (acked === 'false' && a.ack) return false;
  for (const k of ['rule', 'detector']) {
    const v = list(k);
    if (v.length && !v.includes(eve.statewall?.[k])) return false;
  }
  const since = f.get('since');
  if (since && Date.parse(a.time) < Date.parse(since)) return false;
  const until = f.get('until');
  if (until && Date.parse(a.time) >= Date.parse(until)) return false;
  return true;
}
