// One alert: why (one sentence), its fields, the decoded Modbus message, its flow's neighbours,
// and acknowledging it.

import { api, errorText } from './api.js';
import { el, fill, flowText, severityEl, statusLine, text, timeEl, timeText, verdictEl, verdictText } from './format.js';
import { techniqueLabel } from './attack.js';
import { exceptionLabel, functionLabel } from './modbus.js';

export function mount(main, ctx, route) {
  const id = route.id;
  let alertData = null;
  let ackSectionEl = null;
  const root = el('article', { class: 'alert-detail', dataset: { testid: 'alert-detail', id: String(id) } },
    el('p', { class: 'muted' }, 'Loading alert ', String(id), '…'));
  fill(main, el('div', { class: 'page-head' }, el('a', { href: '#/alerts', class: 'back' }, '← Alerts'), el('h1', {}, `Alert ${id}`)), root);

  async function load() {
    try {
      alertData = await api(`/api/v1/alerts/${encodeURIComponent(id)}`);
      render();
    } catch (e) {
      fill(root, statusLine('error', errorText(`Loading alert ${id}`, e)));
    }
  }

  function render() {
    const a = alertData;
    const eve = a.event || {};
    const sw = eve.statewall || {};
    const al = eve.alert || {};
    const field = (name, label, value) => [el('dt', {}, label), el('dd', { dataset: { field: name } }, value)];
    const techniques = (sw.attack || []).map(techniqueLabel);
    fill(root,
      el('p', { class: `explanation ${verdictText(eve) === 'BLOCKED' ? 'is-blocked' : ''}`, dataset: { testid: 'verdict-explanation' } }, explain(a)),
      el('div', { class: 'detail-grid' },
        el('section', { class: 'card' }, el('h2', {}, 'Alert'),
          el('dl', { class: 'fields' },
            field('signature', 'Signature', text(al.signature)),
            field('verdict', 'Verdict', verdictEl(eve)),
            field('severity', 'Severity', severityEl(al.severity)),
            field('state', 'State', text(sw.state)),
            field('rule', 'Rule', text(sw.rule)),
            field('detector', 'Detector', text(sw.detector)),
            field('expected', 'Expected', text(sw.expected)),
            field('seen', 'Seen', text(sw.seen)),
            field('note', 'Note', text(sw.note)),
            field('technique', 'ATT&CK for ICS', techniques.length ? techniques.map((t) => el('div', {}, t)) : '—'),
            field('flow', 'Flow', flowText(eve)),
            field('nma', 'NMA', text(a.nma)),
            field('time', 'Time', timeEl(a.time)),
            sw.count !== undefined ? field('count', 'Count', text(sw.count)) : null,
            al.category ? field('category', 'Category', text(al.category)) : null,
            al.signature_id !== undefined ? field('signature-id', 'Signature id', text(al.signature_id)) : null)),
        el('div', { class: 'detail-side' }, ackSection(a),
          el('section', { class: 'card' }, el('h2', {}, 'Decoded message'), decoded(eve.modbus)))),
      el('section', { class: 'card' }, el('h2', {}, 'Flow: the events around this alert'), neighbours(a),
        (a.flow_events || []).length ? null : el('p', { class: 'muted' }, 'No other events of this flow are stored.')));
  }

  function explain(a) {
    const eve = a.event || {};
    const sw = eve.statewall || {};
    const blocked = verdictText(eve) === 'BLOCKED';
    let s = blocked ? 'Blocked' : eve.src_ip ? 'Alerted (the message was let through)' : 'Alerted';
    if (sw.state) s += ` in state ${sw.state}`;
    if (sw.rule) s += ` by rule ${sw.rule}`;
    else if (sw.detector) s += ` by the ${sw.detector} detector`;
    s += `: ${eve.alert?.signature ?? 'no signature'}`;
    if (!/[.!?]$/.test(s)) s += '.';
    if (sw.expected !== undefined || sw.seen !== undefined) s += ` Expected ${text(sw.expected)}, seen ${text(sw.seen)}.`;
    if (sw.note && sw.note !== eve.alert?.signature) s += ` ${sw.note}`;
    return s;
  }

  function ackSection(a) {
    const state = el('p', { dataset: { field: 'ack' } }, ackLine(a.ack));
    const comment = el('textarea', { name: 'comment', rows: 2, maxlength: 2000, placeholder: 'comment (optional)' });
    const button = el('button', { type: 'button', class: 'primary', dataset: { testid: 'ack' } }, 'Acknowledge');
    const result = el('div', { class: 'action-msg' });
    const reason = el('p', { class: 'denied' });
    const section = el('section', { class: 'card ack-card' }, el('h2', {}, 'Acknowledgement'), state, comment, el('div', { class: 'row' }, button, reason), result);
    const update = () => {
      const acked = Boolean(alertData.ack);
      button.disabled = acked || !ctx.can('operator');
      comment.disabled = button.disabled;
      comment.hidden = acked;
      button.textContent = acked ? 'Acknowledged' : 'Acknowledge';
      reason.textContent = !acked && ctx.me && !ctx.can('operator') ? ctx.denial('operator') : '';
      state.textContent = ackLine(alertData.ack);
    };
    section.update = update;
    button.addEventListener('click', async () => {
      button.disabled = true;
      fill(result, statusLine('busy', 'Acknowledging…'));
      try {
        const body = comment.value.trim() ? { comment: comment.value.trim() } : {};
        const res = await api(`/api/v1/alerts/${encodeURIComponent(id)}/ack`, { method: 'POST', body });
        alertData.ack = res.ack;
        fill(result, statusLine('ok', 'Acknowledged.'));
      } catch (e) {
        fill(result, statusLine('error', errorText('Acknowledging', e)));
      }
      update();
    });
    ctx.whoami?.then(update, () => {});
    update();
    ackSectionEl = section;
    return section;
  }

  function ackLine(ack) {
    if (!ack) return 'not acknowledged';
    return `acknowledged by ${ack.by} at ${timeText(ack.at)}${ack.comment ? `: ${ack.comment}` : ''}`;
  }

  load();
  return {
    event(name, data) {
      if (name === 'ack' && alertData && String(data.id) === String(id)) {
        alertData.ack = data.ack;
        ackSectionEl?.update();
      }
    },
    reload: load,
  };
}

/** The decoded Modbus transaction as a table of (part, field, value). */
function decoded(m) {
  if (!m || typeof m !== 'object') {
    return el('p', { class: 'muted', dataset: { testid: 'decoded-message' } }, 'No decoded Modbus message with this alert.');
  }
  const rows = [];
  const add = (part, name, value) => rows.push(el('tr', {}, el('th', { scope: 'row' }, part), el('td', {}, name), el('td', { class: 'mono' }, value)));
  if (m.operation) add('message', 'operation', text(m.operation));
  if (m.data_area) add('message', 'data area', text(m.data_area));
  if (m.anomalies?.length) add('message', 'anomalies', text(m.anomalies));
  if (m.response_time_us !== undefined) add('message', 'response time', `${m.response_time_us} µs`);
  for (const part of ['request', 'response']) {
    const p = m[part];
    if (!p || typeof p !== 'object') continue;
    if (p.function_raw !== undefined || p.function_code) add(part, 'function', functionLabel(p.function_raw, p.function_code));
    if (p.unit_id !== undefined) add(part, 'unit', text(p.unit_id));
    if (p.transaction_id !== undefined) add(part, 'transaction', text(p.transaction_id));
    for (const [k, v] of Object.entries(p)) {
      if (['function_raw', 'function_code', 'unit_id', 'transaction_id', 'protocol_id'].includes(k)) continue;
      if (k === 'exception' && v && typeof v === 'object') {
        add(part, 'exception', exceptionLabel(v.raw, v.code));
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [k2, v2] of Object.entries(v)) add(part, `${k.replace(/_/g, ' ')} ${k2.replace(/_/g, ' ')}`, text(v2));
      } else if (k === 'error_flags' && v === 'NONE') {
        // nothing wrong with the frame: not worth a row
      } else {
        add(part, k.replace(/_/g, ' '), text(v));
      }
    }
  }
  return el('div', { class: 'table-wrap' }, el('table', { class: 'grid compact', dataset: { testid: 'decoded-message' } },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Part'), el('th', { scope: 'col' }, 'Field'), el('th', { scope: 'col' }, 'Value'))),
    el('tbody', {}, rows)));
}

function neighbours(a) {
  // The alert's own row is always there, in time order, so its neighbours read around it.
  const items = [...(a.flow_events || [])];
  if (!items.some((n) => String(n.id) === String(a.id))) items.push(a);
  items.sort((x, y) => Date.parse(x.time) - Date.parse(y.time) || Number(x.id) - Number(y.id));
  const fn = (eve) => {
    const p = eve?.modbus?.request || eve?.modbus?.response;
    return p ? functionLabel(p.function_raw, p.function_code) : '—';
  };
  return el('div', { class: 'table-wrap' }, el('table', { class: 'grid compact' },
    el('thead', {}, el('tr', {}, ['Time', 'Type', 'Function', 'Verdict', 'Signature'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, items.map((n) => {
      const own = String(n.id) === String(a.id);
      const isAlert = n.event_type === 'alert';
      return el('tr', { dataset: { testid: 'flow-neighbour', id: String(n.id) }, 'aria-current': own ? 'true' : null, class: own ? 'own' : '' },
        el('td', {}, timeEl(n.time)), el('td', {}, text(n.event_type)), el('td', {}, fn(n.event)),
        el('td', {}, isAlert ? verdictEl(n.event) : '—'),
        el('td', {}, isAlert && !own ? el('a', { href: `#/alerts/${encodeURIComponent(n.id)}` }, text(n.event?.alert?.signature)) : text(n.event?.alert?.signature)));
    }))));
}
