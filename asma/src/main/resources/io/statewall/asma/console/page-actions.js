// Actions: declare or release the plant-wide state (each confirmed inline; the answer of every
// NMA shown), acknowledge open alerts, and, for an admin, the audit log those actions write.

import { api, errorText } from './api.js';
import { el, fill, statusLine, text, timeEl } from './format.js';
import { alertRow, highlight } from './alert-row.js';

const COLS = ['time', 'severity', 'verdict', 'nma', 'state', 'signature'];

export function mount(main, ctx) {
  const stateSelect = el('select', { dataset: { testid: 'declare-state' }, 'aria-label': 'state to declare' });
  const declare = el('button', { type: 'button', class: 'primary', dataset: { testid: 'declare-submit' } }, 'Declare…');
  const release = el('button', { type: 'button', dataset: { testid: 'release-submit' } }, 'Release declaration…');
  const confirmBox = el('div', { class: 'confirm', hidden: true, role: 'group', 'aria-label': 'confirmation' });
  const denied = el('p', { class: 'denied', dataset: { testid: 'actions-denied' }, hidden: true });
  const result = el('div', { class: 'action-msg', dataset: { testid: 'action-result' }, 'aria-live': 'polite' });
  const current = el('p', { class: 'muted' });

  const ackBody = el('tbody');
  const ackMsg = el('div', { class: 'card-msg' });
  const auditBody = el('tbody');
  const auditMsg = el('div', { class: 'card-msg' });
  const auditCard = el('section', { class: 'card', dataset: { testid: 'audit-log' }, hidden: true },
    el('h2', {}, 'Audit log (newest first)'), auditMsg,
    el('div', { class: 'table-wrap' }, el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, ['Time', 'Who', 'Action', 'Target', 'Outcome', 'Detail'].map((h) => el('th', { scope: 'col' }, h)))),
      auditBody)));

  fill(main, el('div', { class: 'page-head' }, el('h1', {}, 'Actions')),
    el('section', { class: 'card actions-card' }, el('h2', {}, 'Plant-wide operating state'), current,
      el('div', { class: 'row' }, el('label', {}, 'State ', stateSelect), declare, release),
      confirmBox, denied, result),
    el('section', { class: 'card' }, el('h2', {}, 'Unacknowledged alerts'), ackMsg,
      el('div', { class: 'table-wrap tall' }, el('table', { class: 'grid' },
        el('thead', {}, el('tr', {}, ['Time', 'Severity', 'Verdict', 'NMA', 'State', 'Signature', ''].map((h) => el('th', { scope: 'col' }, h)))),
        ackBody))),
    auditCard);

  function showPlant() {
    const p = ctx.plant;
    if (!p) {
      current.textContent = ctx.noPlant ? 'This ASMA runs without a plant file: there is no plant-wide state to declare.' : 'Loading the plant state…';
      applyRole();
      return;
    }
    current.textContent = `Now ${p.state} (${p.origin}${p.by ? ` by ${p.by}` : ''}).`;
    const names = (p.states || []).map((s) => s.name);
    const have = [...stateSelect.options].map((o) => o.value).filter(Boolean);
    if (names.length && names.join() !== have.join()) {
      const keep = stateSelect.value;
      fill(stateSelect, el('option', { value: '' }, '— choose a state —'), names.map((n) => el('option', { value: n }, n)));
      if (names.includes(keep)) stateSelect.value = keep;
    }
    applyRole();
  }

  function applyRole() {
    const ok = ctx.can('operator');
    const hasPlant = Boolean(ctx.plant);
    for (const b of [declare, release, stateSelect]) b.disabled = !ok || !hasPlant || !confirmBox.hidden;
    denied.hidden = ok || !ctx.me;
    denied.textContent = ok ? '' : ctx.denial('operator');
    for (const b of ackBody.querySelectorAll('button[data-testid=ack-row]')) b.disabled = !ok;
  }

  function ask(question, run) {
    fill(confirmBox, el('p', { class: 'confirm-q' }, question),
      el('button', { type: 'button', class: 'primary', dataset: { testid: 'confirm' }, onclick: () => { close(); run(); } }, 'Confirm'),
      el('button', { type: 'button', dataset: { testid: 'cancel' }, onclick: () => { close(); fill(result, statusLine('info', 'Cancelled; nothing was sent.')); } }, 'Cancel'));
    confirmBox.hidden = false;
    applyRole();
    confirmBox.querySelector('[data-testid=confirm]').focus();
  }
  function close() {
    confirmBox.hidden = true;
    confirmBox.replaceChildren();
    applyRole();
  }

  async function order(what, path, method, body) {
    for (const b of [declare, release]) b.disabled = true;
    fill(result, statusLine('busy', `${what}…`));
    try {
      const r = await api(path, { method, body });
      const answers = Object.entries(r.nmas || {});
      const refused = answers.filter(([, a]) => !/^ok/i.test(String(a)));
      fill(result, statusLine(refused.length ? 'error' : 'ok', `${what}: the plant state is now ${r.state}.`,
        answers.length ? '' : ' No NMA is connected.'),
      answers.length ? el('table', { class: 'grid compact' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'NMA'), el('th', { scope: 'col' }, 'Answer'))),
        el('tbody', {}, answers.map(([n, a]) => el('tr', { dataset: { nma: n } }, el('td', {}, n),
          el('td', { class: /^ok/i.test(String(a)) ? '' : 'attention-text' }, text(a)))))) : null);
      const p = await api('/api/v1/plant').catch(() => null);
      if (p) ctx.setPlant(p);
    } catch (e) {
      fill(result, statusLine('error', errorText(what, e)));
    } finally {
      applyRole();
      loadAudit();
    }
  }

  declare.addEventListener('click', () => {
    const s = stateSelect.value;
    if (!s) {
      fill(result, statusLine('error', 'Choose the state to declare first.'));
      return;
    }
    ask(`Declare the plant state ${s}? Every connected NMA enforces it until the declaration is released.`,
      () => order(`Declaring ${s}`, '/api/v1/plant/state', 'POST', { state: s }));
  });
  release.addEventListener('click', () => {
    ask('Release the declaration? The NMAs go back to the state the process shows.',
      () => order('Releasing the declaration', '/api/v1/plant/state', 'DELETE'));
  });

  function ackButton(a) {
    const b = el('button', { type: 'button', dataset: { testid: 'ack-row', id: String(a.id) } }, 'Acknowledge');
    const out = el('span', { class: 'row-msg' });
    b.disabled = !ctx.can('operator');
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await api(`/api/v1/alerts/${encodeURIComponent(a.id)}/ack`, { method: 'POST', body: {} });
        b.textContent = 'Acknowledged';
        b.closest('tr')?.classList.add('is-acked');
        loadAudit();
      } catch (e) {
        out.textContent = errorText('Acknowledging', e);
        out.className = 'row-msg status-error';
        b.disabled = !ctx.can('operator');
      }
    });
    return el('td', {}, b, out);
  }

  // The audit log is the admin's to read (GET /api/v1/audit): the actions above, refusals
  // included, each with who, from where and what came of it.
  async function loadAudit() {
    auditCard.hidden = !ctx.can('admin');
    if (auditCard.hidden) return;
    try {
      const page = await api('/api/v1/audit?limit=50');
      auditBody.replaceChildren(...(page.items || []).map((a) => el('tr', { dataset: { testid: 'audit-row', action: a.action } },
        el('td', {}, timeEl(a.time)), el('td', {}, text(a.actor)), el('td', {}, text(a.action)),
        el('td', {}, text(a.target)), el('td', { class: a.outcome === 'ok' ? '' : 'attention-text' }, text(a.outcome)),
        el('td', {}, text(a.detail)))));
      auditMsg.replaceChildren();
    } catch (e) {
      fill(auditMsg, statusLine('error', errorText('Loading the audit log', e)));
    }
  }

  async function loadAlerts() {
    try {
      const page = await api('/api/v1/alerts?acknowledged=false&limit=100');
      ackBody.replaceChildren(...(page.items || []).map((a) => alertRow(a, COLS, [ackButton(a)])));
      fill(ackMsg, page.items?.length ? '' : statusLine('info', 'Every alert is acknowledged.'));
    } catch (e) {
      fill(ackMsg, statusLine('error', errorText('Loading the unacknowledged alerts', e)));
    }
  }

  showPlant();
  if (!ctx.plant && !ctx.noPlant) {
    api('/api/v1/plant').then((p) => ctx.setPlant(p), () => {}).finally(showPlant);
  }
  ctx.whoami?.then(() => { applyRole(); loadAudit(); }, () => {});
  loadAlerts();
  loadAudit();

  return {
    event(name, data) {
      if (name === 'plant') showPlant();
      else if (name === 'alert' && !data.ack) {
        if (ackBody.querySelector(`tr[data-id="${CSS.escape(String(data.id))}"]`)) return;
        const tr = alertRow(data, COLS, [ackButton(data)]);
        ackBody.prepend(tr);
        highlight(tr);
        while (ackBody.rows.length > 200) ackBody.rows[ackBody.rows.length - 1].remove();
        ackMsg.replaceChildren();
      } else if (name === 'ack') {
        const tr = ackBody.querySelector(`tr[data-id="${CSS.escape(String(data.id))}"]`);
        if (tr) {
          tr.classList.add('is-acked');
          const b = tr.querySelector('button[data-testid=ack-row]');
          if (b) {
            b.disabled = true;
            b.textContent = `Acknowledged by ${data.ack?.by ?? '?'}`;
          }
        }
      } else if (name === 'alerts-skipped') loadAlerts();
    },
    reload() {
      loadAlerts();
      loadAudit();
    },
  };
}
