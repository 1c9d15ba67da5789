// Policy: a stored version explained (per state its default action, fail mode and rules; common
// rules; protected traffic; the check), the diff of two versions, and pushing a version to NMAs.

import { api, ApiError, errorText } from './api.js';
import { el, fill, severityText, statusLine, text, timeText } from './format.js';
import { techniqueLabel } from './attack.js';

export function mount(main, ctx, route) {
  let versions = [];
  const versionSelect = el('select', { dataset: { testid: 'policy-version' }, 'aria-label': 'policy version' });
  const meta = el('p', { class: 'muted' });
  const check = el('div', { class: 'policy-check', dataset: { testid: 'policy-check' } });
  const view = el('div', { class: 'policy-view' });
  const msg = el('div', { class: 'card-msg' });

  // diff
  const diffFrom = el('select', { dataset: { testid: 'diff-from' }, 'aria-label': 'from version' });
  const diffTo = el('select', { dataset: { testid: 'diff-to' }, 'aria-label': 'to version' });
  const diffShow = el('button', { type: 'button', dataset: { testid: 'diff-show' } }, 'Show diff');
  const diffOut = el('pre', { class: 'diff', dataset: { testid: 'policy-diff' }, hidden: true });
  const diffMsg = el('div', { class: 'action-msg' });
  diffShow.addEventListener('click', showDiff);

  // push
  const pushVersion = el('select', { name: 'version', 'aria-label': 'version to push' });
  const allBox = el('input', { type: 'checkbox', name: 'all', checked: true });
  const nmaBoxes = el('span', { class: 'nma-boxes' });
  const pushSubmit = el('button', { type: 'submit', class: 'primary', dataset: { testid: 'push-submit' } }, 'Push');
  const pushDenied = el('p', { class: 'denied', dataset: { testid: 'push-denied' }, hidden: true });
  const pushResult = el('div', { class: 'action-msg', dataset: { testid: 'push-result' }, 'aria-live': 'polite' });
  const pushForm = el('form', { class: 'push-form', dataset: { testid: 'push-form' } },
    el('label', {}, 'Version ', pushVersion),
    el('fieldset', { class: 'nma-choice' }, el('legend', {}, 'To'), el('label', { class: 'check' }, allBox, ' all NMAs'), nmaBoxes),
    el('div', { class: 'row' }, pushSubmit, pushDenied), pushResult);
  pushForm.addEventListener('submit', push);
  allBox.addEventListener('change', syncBoxes);

  fill(main,
    el('div', { class: 'page-head' }, el('h1', {}, 'Policy'), el('label', { class: 'inline' }, 'Version ', versionSelect), meta),
    msg,
    el('div', { class: 'policy-tools' },
      el('section', { class: 'card' }, el('h2', {}, 'Push a version to NMAs'), pushForm),
      el('section', { class: 'card' }, el('h2', {}, 'Compare versions'),
        el('div', { class: 'row' }, el('label', {}, 'From ', diffFrom), el('label', {}, 'To ', diffTo), diffShow), diffMsg)),
    diffOut, check, view);
  versionSelect.addEventListener('change', () => loadView(versionSelect.value));

  // "all" and single NMAs exclude each other: ticking one clears the other.
  function syncBoxes() {
    allBox.disabled = !ctx.can('operator');
    for (const b of nmaBoxes.querySelectorAll('input')) {
      b.disabled = !ctx.can('operator');
      if (allBox.checked) b.checked = false;
    }
  }
  nmaBoxes.addEventListener('change', (ev) => {
    if (ev.target.checked) allBox.checked = false;
  });

  function applyRole() {
    const ok = ctx.can('operator');
    pushSubmit.disabled = !ok;
    pushDenied.hidden = ok;
    pushDenied.textContent = ok ? '' : ctx.denial('operator');
    syncBoxes();
  }

  async function loadList() {
    try {
      const list = await api('/api/v1/policies');
      versions = list.items || [];
    } catch (e) {
      fill(msg, statusLine('error', errorText('Loading the policy versions', e)));
      return;
    }
    const opt = (d) => el('option', { value: String(d.version) }, `v${d.version}${d.name ? ` · ${d.name}` : ''}`);
    fill(versionSelect, versions.map(opt));
    fill(pushVersion, versions.map(opt));
    fill(diffFrom, versions.map(opt));
    fill(diffTo, versions.map(opt));
    if (!versions.length) {
      fill(msg, statusLine('info', 'No policy is stored yet. An admin uploads one (POST /api/v1/policies); then it can be read, compared and pushed here.'));
      pushSubmit.disabled = true;
      diffShow.disabled = true;
      return;
    }
    diffTo.value = String(versions[0].version);
    diffFrom.value = String((versions[1] || versions[0]).version);
    const wanted = route.params.get('version');
    const v = wanted && versions.some((d) => String(d.version) === wanted) ? wanted : String(versions[0].version);
    versionSelect.value = v;
    pushVersion.value = v;
    loadView(v);
  }

  async function loadNmas() {
    try {
      const n = ctx.nmas || await api('/api/v1/nmas');
      if (!ctx.plant && !ctx.noPlant) await api('/api/v1/plant').then((p) => ctx.setPlant(p), () => {});
      fill(nmaBoxes, (n.items || []).map((item) => el('label', { class: 'check' },
        el('input', { type: 'checkbox', name: 'nma', value: item.name }), ` ${item.name}`)));
      syncBoxes();
    } catch (e) {
      fill(nmaBoxes, statusLine('error', errorText('Loading the NMAs', e)));
    }
  }

  async function loadView(v) {
    const d = versions.find((x) => String(x.version) === String(v));
    meta.textContent = d ? `stored ${timeText(d.time)} by ${d.author}${d.comment ? ` — ${d.comment}` : ''} · sha256 ${String(d.sha256).slice(0, 12)}…` : '';
    fill(view, el('p', { class: 'muted' }, 'Loading…'));
    try {
      const p = await api(`/api/v1/policies/${encodeURIComponent(v)}/view`);
      if (String(versionSelect.value) !== String(v)) return;
      render(p);
    } catch (e) {
      check.replaceChildren();
      fill(view, statusLine('error', errorText(`Loading policy v${v}`, e)));
    }
  }

  function render(p) {
    const c = p.check || {};
    const findings = c.findings || [];
    fill(check,
      el('p', { class: c.ok ? 'check-ok' : 'check-failed' },
        c.ok ? `check passed${findings.length ? ` with ${findings.length} note${findings.length > 1 ? 's' : ''}` : ''}` : `check failed: ${findings.length} finding${findings.length === 1 ? '' : 's'}`),
      findings.length ? el('ul', { class: 'findings' }, findings.map((f) => el('li', {},
        el('strong', {}, text(f.severity)), f.line ? ` line ${f.line}` : '', f.rule ? ` rule ${f.rule}` : '', `: ${text(f.message)}`))) : null);
    check.classList.toggle('is-failed', !c.ok);
    fill(view,
      (p.states || []).map((s) => el('section', { class: 'card policy-state', dataset: { testid: 'policy-state', state: s.name } },
        el('div', { class: 'card-head' }, el('h2', {}, `State ${s.name}`),
          el('span', {}, 'default ', el('strong', { dataset: { field: 'default-action' } }, text(s.default_action))),
          el('span', {}, 'fail mode ', el('strong', { dataset: { field: 'fail-mode' } }, text(s.fail_mode)))),
        rules(s.rules))),
      el('section', { class: 'card', dataset: { testid: 'policy-common' } }, el('h2', {}, 'Common rules (every state)'), rules(p.common)),
      p.default ? el('section', { class: 'card policy-default' },
        el('div', { class: 'card-head' }, el('h2', {}, 'Default rule set (states without their own)'),
          el('span', {}, 'default ', el('strong', {}, text(p.default.default_action))),
          el('span', {}, 'fail mode ', el('strong', {}, text(p.default.fail_mode)))),
        rules(p.default.rules)) : null,
      el('section', { class: 'card', dataset: { testid: 'policy-protected' } }, el('h2', {}, 'Protected traffic (never blocked)'),
        (p.protected || []).length ? el('div', { class: 'table-wrap' }, el('table', { class: 'grid compact' },
          el('thead', {}, el('tr', {}, ['Id', 'Match', 'Line'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, p.protected.map((r) => el('tr', { dataset: { testid: 'policy-protected-row', id: String(r.id) } },
            el('td', { class: 'mono' }, text(r.id)), el('td', {}, text(r.match)), el('td', { class: 'num' }, text(r.line))))))) : el('p', { class: 'muted' }, 'None.')));
  }

  function rules(list) {
    if (!list || !list.length) return el('p', { class: 'muted' }, 'No rules.');
    return el('div', { class: 'table-wrap' }, el('table', { class: 'grid compact rules' },
      el('thead', {}, el('tr', {}, ['Id', 'Action', 'Match', 'Severity', 'ATT&CK', 'Message', 'Rate', 'Line'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, list.map((r) => el('tr', { dataset: { testid: 'policy-rule', rule: String(r.id) } },
        el('td', { class: 'mono' }, text(r.id)),
        el('td', { class: r.action === 'block' ? 'action-block' : '' }, r.action === 'block' ? 'BLOCK' : text(r.action)),
        el('td', {}, text(r.match)),
        el('td', {}, r.severity === null || r.severity === undefined ? '—' : severityText(r.severity)),
        el('td', {}, (r.attack || []).length ? r.attack.map((t) => el('div', {}, techniqueLabel(t))) : '—'),
        el('td', {}, text(r.message)),
        el('td', {}, text(r.rate)),
        el('td', { class: 'num' }, text(r.line)))))));
  }

  async function showDiff() {
    diffMsg.replaceChildren();
    const a = diffFrom.value;
    const b = diffTo.value;
    if (!a || !b) return;
    try {
      const t = await api(`/api/v1/policies/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`, { text: true });
      const lines = String(t ?? '').split('\n');
      if (lines.length && lines[lines.length - 1] === '') lines.pop();
      diffOut.hidden = false;
      if (!lines.length) {
        fill(diffOut, `  v${a} and v${b} are the same.`);
        return;
      }
      fill(diffOut, lines.map((l) => {
        let cls = 'ctx';
        let shown = l;
        if (l.startsWith('+++') || l.startsWith('---')) cls = 'file';
        else if (l.startsWith('@@')) cls = 'hunk';
        else if (l.startsWith('+')) { cls = 'add'; shown = `+ ${l.slice(1)}`; }
        else if (l.startsWith('-')) { cls = 'del'; shown = `- ${l.slice(1)}`; }
        else if (l.startsWith(' ')) shown = `  ${l.slice(1)}`;
        return el('span', { class: `diff-${cls}` }, shown, '\n');
      }));
    } catch (e) {
      diffOut.hidden = true;
      fill(diffMsg, statusLine('error', errorText('Comparing the versions', e)));
    }
  }

  async function push(ev) {
    ev.preventDefault();
    const version = Number(pushVersion.value);
    let nmas;
    if (allBox.checked) nmas = 'all';
    else {
      nmas = [...nmaBoxes.querySelectorAll('input[name=nma]:checked')].map((b) => b.value);
      if (!nmas.length) {
        fill(pushResult, statusLine('error', 'Choose at least one NMA, or all.'));
        return;
      }
    }
    pushSubmit.disabled = true;
    fill(pushResult, statusLine('busy', `Checking and pushing v${version}…`));
    try {
      const r = await api('/api/v1/pushes', { method: 'POST', body: { kind: 'policy', version, nmas } });
      const rows = r.nmas || [];
      const bad = rows.filter((n) => n.status !== 'ok').length;
      fill(pushResult,
        statusLine(bad ? 'error' : 'ok', `Push ${r.id} of v${r.version ?? version}: ${rows.length - bad} of ${rows.length} NMA${rows.length === 1 ? '' : 's'} took it.`),
        el('table', { class: 'grid compact' },
          el('thead', {}, el('tr', {}, ['NMA', 'Status', 'Version', 'Before', 'Detail'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, rows.map((n) => el('tr', { dataset: { nma: String(n.nma) } },
            el('td', {}, text(n.nma)),
            el('td', { dataset: { field: 'status' }, class: n.status === 'ok' ? '' : 'attention-text' }, text(n.status)),
            el('td', { class: 'num' }, text(n.version)), el('td', { class: 'num' }, text(n.previous)), el('td', {}, text(n.detail)))))));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const findings = e.body?.findings || [];
        fill(pushResult, statusLine('error', `Not pushed: v${version} fails the policy check (${e.message}). Nothing was sent.`),
          el('ul', { class: 'findings' }, findings.map((f) => el('li', {}, typeof f === 'string' ? f : text(f.message ?? f)))));
      } else {
        fill(pushResult, statusLine('error', errorText('Pushing', e)));
      }
    } finally {
      applyRole();
    }
  }

  applyRole();
  ctx.whoami?.then(applyRole, () => {});
  loadList();
  loadNmas();

  return {
    reload() {
      loadList();
    },
  };
}
