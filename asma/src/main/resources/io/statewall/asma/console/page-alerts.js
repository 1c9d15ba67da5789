// Alerts: filters (kept in the hash query, so a filtered view is a link), a page of rows, the
// next page on demand, and live alerts on top when they match the filters.

import { api, errorText, query } from './api.js';
import { el, fill, localInputValue, statusLine, toDate } from './format.js';
import { alertRow, ackText, COLUMNS, headRow, highlight, matches } from './alert-row.js';

const COLS = Object.keys(COLUMNS);
const MAX_ROWS = 500;
const FILTERS = ['nma', 'severity', 'state', 'technique', 'action', 'acknowledged', 'since'];

export function mount(main, ctx, route) {
  const f = route.params;
  let nextBefore = null;
  let firstPage = true;

  const select = (name, label, options) => el('label', {}, label, el('select', { name },
    options.map(([v, t]) => el('option', { value: v, selected: (f.get(name) || '') === v }, t))));
  const nmaSelect = select('nma', 'NMA', [['', 'all'], ...(f.get('nma') ? [[f.get('nma'), f.get('nma')]] : [])]);
  const sinceValue = toDate(f.get('since'));
  const form = el('form', { class: 'filters', dataset: { testid: 'alert-filters' } },
    nmaSelect,
    select('severity', 'Severity', [['', 'all'], ['1', '1 high'], ['2', '2 medium'], ['3', '3 low'], ['4', '4 info']]),
    el('label', {}, 'State', el('input', { name: 'state', value: f.get('state') || '', placeholder: 'e.g. normal', size: 10 })),
    el('label', {}, 'Technique', el('input', { name: 'technique', value: f.get('technique') || '', placeholder: 'T0855', size: 7 })),
    select('action', 'Verdict', [['', 'all'], ['blocked', 'BLOCKED'], ['allowed', 'ALERTED']]),
    select('acknowledged', 'Acknowledged', [['', 'all'], ['false', 'not acknowledged'], ['true', 'acknowledged']]),
    el('label', {}, 'Since', el('input', { name: 'since', type: 'datetime-local', value: sinceValue ? localInputValue(sinceValue) : '' })),
    el('button', { type: 'submit', class: 'primary' }, 'Apply'),
    el('button', { type: 'button', class: 'quiet', onclick: () => { location.hash = '#/alerts'; } }, 'Clear'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const name of FILTERS) {
      let v = form.elements[name].value.trim();
      if (name === 'since' && v) v = new Date(v).toISOString();
      if (v) q.set(name, v);
    }
    const s = q.toString();
    location.hash = s ? `#/alerts?${s}` : '#/alerts';
  });
  // Selecting from a list applies at once; typed filters apply on Enter or Apply.
  for (const s of form.querySelectorAll('select')) s.addEventListener('change', () => form.requestSubmit());

  const body = el('tbody');
  const msg = el('div', { class: 'card-msg' });
  const next = el('button', { type: 'button', dataset: { testid: 'alerts-next' }, hidden: true, onclick: () => loadPage(false) }, 'Older alerts');
  const countLine = el('p', { class: 'muted' });
  fill(main, el('div', { class: 'page-head' }, el('h1', {}, 'Alerts'), countLine), form, msg,
    el('div', { class: 'table-wrap tall' }, el('table', { class: 'grid alerts-table' }, el('thead', {}, headRow(COLS)), body)),
    el('div', { class: 'pager' }, next));

  function apiQuery(before) {
    const p = {};
    for (const name of FILTERS) if (f.get(name)) p[name] = f.get(name);
    for (const name of ['rule', 'detector', 'until']) if (f.get(name)) p[name] = f.get(name);
    p.limit = 50;
    if (before) p.before = before;
    return query(p);
  }

  async function loadPage(first) {
    next.disabled = true;
    try {
      const page = await api(`/api/v1/alerts${apiQuery(first ? null : nextBefore)}`);
      if (first) body.replaceChildren();
      for (const a of page.items || []) {
        if (!body.querySelector(`tr[data-id="${CSS.escape(String(a.id))}"]`)) body.append(alertRow(a, COLS));
      }
      nextBefore = page.next_before ?? null;
      if (first) firstPage = true;
      next.hidden = nextBefore === null;
      msg.replaceChildren();
      if (!body.rows.length) fill(msg, statusLine('info', 'No alerts match these filters.'));
      countLine.textContent = `${body.rows.length} shown${nextBefore !== null ? ', more below' : ''}`;
    } catch (e) {
      fill(msg, statusLine('error', errorText('Loading the alerts', e)));
    } finally {
      next.disabled = false;
    }
  }

  async function loadNmaNames() {
    try {
      const n = ctx.nmas || await api('/api/v1/nmas');
      const sel = form.elements.nma;
      const have = new Set([...sel.options].map((o) => o.value));
      for (const item of n.items || []) {
        if (!have.has(item.name)) sel.append(el('option', { value: item.name }, item.name));
      }
      // The ASMA files its own alerts (cross-checks, correlations) under "asma", which is no NMA.
      if (ctx.plant && !have.has('asma')) sel.append(el('option', { value: 'asma' }, "asma (the ASMA's own alerts)"));
      sel.value = f.get('nma') || '';
    } catch {
      // the list stays with "all"; the table shows any error of its own
    }
  }

  loadNmaNames();
  loadPage(true);

  return {
    event(name, data) {
      if (name === 'alert' && firstPage && matches(data, f)) {
        if (body.querySelector(`tr[data-id="${CSS.escape(String(data.id))}"]`)) return;
        const tr = alertRow(data, COLS);
        body.prepend(tr);
        highlight(tr);
        // In a flood the table keeps the newest MAX_ROWS; the older ones stay a page away.
        if (body.rows.length > MAX_ROWS) {
          while (body.rows.length > MAX_ROWS) body.rows[body.rows.length - 1].remove();
          nextBefore = Number(body.rows[body.rows.length - 1].dataset.id);
          next.hidden = false;
        }
        msg.replaceChildren();
        countLine.textContent = `${body.rows.length} shown${nextBefore !== null ? ', more below' : ''}`;
      } else if (name === 'ack') {
        const tr = body.querySelector(`tr[data-id="${CSS.escape(String(data.id))}"]`);
        if (tr) {
          tr.querySelector('[data-field=ack]').textContent = ackText(data.ack);
          tr.classList.add('is-acked');
          if (f.get('acknowledged') === 'false') tr.classList.add('is-gone');
        }
      } else if (name === 'alerts-skipped') {
        loadPage(true);
      }
    },
    reload() {
      loadPage(true);
    },
  };
}
