// Overview: the plant state and its timeline, the NMAs, the message counts and the latest alerts.
// The frame is drawn at once; the data comes from parallel fetches, then live events patch it.

import { api, ApiError, errorText, query } from './api.js';
import { el, fill, num, statusLine, text, timeEl } from './format.js';
import { alertRow, headRow, highlight } from './alert-row.js';
import { legendItems, stateIcon, timeline, windowSegments } from './svg.js';

const WINDOWS = { '1h': 3600e3, '4h': 4 * 3600e3, '12h': 12 * 3600e3 };
const ALERT_COLUMNS = ['time', 'severity', 'verdict', 'nma', 'signature'];
let marked = false;

export function mount(main, ctx) {
  let windowName = '1h';
  let history = []; // plant state rows in the window, any order
  let before = null; // state in force at the window's start
  let nmaItems = null;
  let alive = true;

  // ---- frame ----
  const stateBox = el('section', { class: 'card state-card', dataset: { testid: 'overview-state' } });
  const stateName = el('span', { class: 'big-state', dataset: { field: 'state' } }, '…');
  const stateIconBox = el('span', { class: 'big-icon' });
  const origin = el('span', { dataset: { field: 'origin' } }, '…');
  const since = el('span', { dataset: { field: 'since' } }, '…');
  const by = el('span', { dataset: { field: 'by' } }, '');
  const votes = el('span', { dataset: { field: 'votes' } }, '');
  const stateMsg = el('div', { class: 'card-msg' });
  fill(stateBox, el('h2', {}, 'Plant state'), el('div', { class: 'big-line' }, stateIconBox, stateName),
    el('dl', { class: 'facts' }, el('dt', {}, 'Origin'), el('dd', {}, origin, by), el('dt', {}, 'Since'), el('dd', {}, since),
      el('dt', {}, 'Votes'), el('dd', {}, votes)), stateMsg);

  const counts = {};
  const tile = (key, label, note) => {
    counts[key] = el('span', { class: 'tile-num', dataset: { testid: `count-${key}` } }, '…');
    return el('div', { class: `tile tile-${key}` }, el('div', { class: 'tile-label' }, label), counts[key], el('div', { class: 'tile-note' }, note));
  };
  const countsMsg = el('div', { class: 'card-msg' });
  const countsBox = el('section', { class: 'card counts-card', 'aria-label': 'message counts' },
    el('h2', {}, 'Messages and alerts'),
    el('div', { class: 'tiles' }, tile('allowed', 'Allowed', 'messages'), tile('alerted', 'Alerted', 'messages'),
      tile('blocked', 'Blocked', 'messages'), tile('unacknowledged', 'Unacknowledged', 'alerts')), countsMsg);

  const windowButtons = Object.keys(WINDOWS).map((w) => el('button', { type: 'button', class: 'seg-btn', dataset: { window: w },
    'aria-pressed': String(w === windowName), onclick: () => setWindow(w) }, w));
  const timelineBox = el('div', { class: 'timeline-box' });
  const legend = el('ul', { class: 'legend', 'aria-label': 'legend' });
  const timelineMsg = el('div', { class: 'card-msg' });
  const timelineCard = el('section', { class: 'card timeline-card' },
    el('div', { class: 'card-head' }, el('h2', {}, 'Plant state history'), el('div', { class: 'seg', role: 'group', 'aria-label': 'window' }, windowButtons)),
    timelineBox, legend, timelineMsg);

  const nmaBody = el('tbody');
  const nmaMsg = el('div', { class: 'card-msg' });
  const nmaCard = el('section', { class: 'card nma-card' }, el('h2', {}, 'NMAs'),
    el('div', { class: 'table-wrap' }, el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, ['NMA', 'Health', 'Enforced', 'Observed', 'Agrees', 'Policy', 'Counters'].map((h) => el('th', { scope: 'col' }, h)))),
      nmaBody)), nmaMsg);

  const alertBody = el('tbody');
  const alertMsg = el('div', { class: 'card-msg' });
  const alertCard = el('section', { class: 'card latest-card' },
    el('div', { class: 'card-head' }, el('h2', {}, 'Latest alerts'), el('a', { href: '#/alerts' }, 'All alerts →')),
    el('div', { class: 'table-wrap' }, el('table', { class: 'grid', dataset: { testid: 'latest-alerts' } },
      el('thead', {}, headRow(ALERT_COLUMNS)), alertBody)), alertMsg);

  fill(main, el('h1', { class: 'visually-hidden' }, 'Overview'),
    el('div', { class: 'overview-top' }, stateBox, countsBox), timelineCard,
    el('div', { class: 'overview-bottom' }, nmaCard, alertCard));

  // ---- rendering ----
  function showPlant() {
    const p = ctx.plant;
    if (!p) {
      if (ctx.noPlant) {
        stateName.textContent = 'no plant model';
        fill(stateIconBox, stateIcon('unknown', 30));
        origin.textContent = '—';
        since.textContent = '—';
        votes.textContent = '—';
        fill(stateMsg, statusLine('info', 'This ASMA runs without a plant file, so it fuses no plant-wide state. Each NMA\'s own state is in the table below.'));
      }
      return;
    }
    stateName.textContent = p.state;
    stateBox.dataset.state = p.state;
    fill(stateIconBox, stateIcon(p.state, 30));
    origin.textContent = p.origin ?? '—';
    by.textContent = p.by ? ` by ${p.by}` : '';
    fill(since, timeEl(p.since));
    const v = Object.entries(p.votes || {});
    votes.textContent = v.length ? v.map(([n, s]) => `${n}: ${s}`).join(', ') : 'none';
    stateMsg.replaceChildren();
    showNmas();
  }

  function showCounts(sum) {
    countsMsg.replaceChildren();
    // Plain digits (no grouping): the tiles are large, and the text is the number itself.
    const n = (v) => (Number.isFinite(Number(v)) && v !== null && v !== undefined ? String(Number(v)) : '—');
    counts.allowed.textContent = n(sum.messages?.allowed);
    counts.alerted.textContent = n(sum.messages?.alerted);
    counts.blocked.textContent = n(sum.messages?.blocked);
    counts.unacknowledged.textContent = n(sum.alerts?.unacknowledged);
    counts.blocked.closest('.tile').classList.toggle('attention', Number(sum.messages?.blocked) > 0);
    counts.unacknowledged.closest('.tile').classList.toggle('attention', Number(sum.alerts?.unacknowledged) > 0);
  }

  function showNmas() {
    const plantNmas = new Map((ctx.plant?.nmas || []).map((n) => [n.nma, n]));
    const items = nmaItems || [];
    const names = [...new Set([...items.map((n) => n.name), ...plantNmas.keys()])].sort();
    const byName = new Map(items.map((n) => [n.name, n]));
    const rows = new Map([...nmaBody.rows].map((r) => [r.dataset.nma, r]));
    for (const name of names) {
      const n = byName.get(name) || {};
      const p = plantNmas.get(name);
      let tr = rows.get(name);
      if (!tr) {
        tr = el('tr', { dataset: { testid: 'nma-row', nma: name } }, el('th', { scope: 'row' }, name),
          ['health', 'enforced', 'observed', 'agrees', 'policy', 'counters'].map((f) => el('td', { dataset: { field: f } })));
      }
      nmaBody.append(tr); // keeps the order by name; a moved row is not re-created
      rows.delete(name);
      const cell = (f) => tr.querySelector(`[data-field=${f}]`);
      const health = n.health ?? (p ? (p.connected ? 'ok' : 'offline') : '—');
      cell('health').textContent = health;
      cell('health').className = `health health-${health}`;
      cell('enforced').textContent = text(p?.enforced ?? n.state);
      cell('observed').textContent = p ? (p.observes ? text(p.observed) : 'does not observe') : '—';
      // "following": the plant state changed a moment ago and the push is on its way.
      const agreement = p ? (p.agreement ?? (p.agrees ? 'yes' : 'no')) : null;
      const agrees = agreement === null ? '—' : agreement === 'no' ? 'NO' : agreement;
      cell('agrees').textContent = agrees;
      cell('agrees').className = agrees === 'NO' ? 'attention-text' : '';
      cell('agrees').title = agreement === 'following' ? `switching to ${ctx.plant?.state ?? 'the plant state'}` : '';
      const policy = text(n.policy_version ?? p?.policy_version);
      cell('policy').textContent = policy.length > 11 ? `${policy.slice(0, 10)}…` : policy;
      cell('policy').title = policy;
      const c = n.counters || {};
      // One line per counter on screen; the text reads "requests N · alerted N · blocked N".
      if (n.counters && Object.keys(n.counters).length) {
        fill(cell('counters'), el('span', { class: 'ctr' }, `requests ${num(c.requests)}`),
          el('span', { class: 'ctr' }, el('span', { class: 'sep' }, ' · '), `alerted ${num(c.alerted)}`),
          el('span', { class: 'ctr' }, el('span', { class: 'sep' }, ' · '), `blocked ${num(c.blocked)}`));
      } else {
        cell('counters').textContent = '—';
      }
      cell('counters').className = 'counters';
    }
    for (const r of rows.values()) r.remove();
    if (!names.length && nmaItems) fill(nmaMsg, statusLine('info', 'No NMA has reported yet.'));
    else nmaMsg.replaceChildren();
  }

  function drawTimeline() {
    if (ctx.noPlant && !history.length) {
      const empty = timeline([], Date.now() - WINDOWS[windowName], Date.now(), (timelineBox.clientWidth || 1200) - 2, true);
      empty.dataset.testid = 'state-timeline';
      fill(timelineBox, empty, statusLine('info', 'No plant file: there is no plant-wide state history.'));
      return;
    }
    const end = Date.now();
    const start = end - WINDOWS[windowName];
    const segs = windowSegments(history, before, start, end);
    const width = timelineBox.clientWidth || 1200;
    const svg = timeline(segs, start, end, width - 2, true);
    svg.dataset.testid = 'state-timeline';
    fill(timelineBox, svg);
    const names = [...new Set([...(ctx.plant?.states || []).map((s) => s.name), ...segs.map((g) => g.name)])];
    fill(legend, legendItems(names, el));
  }

  function setWindow(w) {
    windowName = w;
    for (const b of windowButtons) b.setAttribute('aria-pressed', String(b.dataset.window === w));
    loadHistory().then(drawTimeline);
  }

  async function loadHistory() {
    const start = new Date(Date.now() - WINDOWS[windowName]).toISOString();
    try {
      const [inWindow, prior] = await Promise.all([
        api(`/api/v1/plant/states${query({ since: start, limit: 1000 })}`),
        api(`/api/v1/plant/states${query({ until: start, limit: 1 })}`),
      ]);
      history = inWindow.items || [];
      before = prior.items?.[0]?.to ?? null;
      timelineMsg.replaceChildren();
    } catch (e) {
      fill(timelineMsg, statusLine('error', errorText('Loading the plant state history', e)));
    }
  }

  function addAlertRow(a, fresh) {
    if (alertBody.querySelector(`tr[data-id="${CSS.escape(String(a.id))}"]`)) return;
    const tr = alertRow(a, ALERT_COLUMNS);
    alertBody.prepend(tr);
    if (fresh) highlight(tr);
    while (alertBody.rows.length > 10) alertBody.rows[alertBody.rows.length - 1].remove();
    alertMsg.replaceChildren();
  }

  async function loadAlerts() {
    try {
      const page = await api('/api/v1/alerts?limit=10');
      alertBody.replaceChildren();
      for (const a of [...(page.items || [])].reverse()) addAlertRow(a, false);
      if (!page.items?.length) fill(alertMsg, statusLine('info', 'No alerts so far.'));
    } catch (e) {
      fill(alertMsg, statusLine('error', errorText('Loading the latest alerts', e)));
    }
  }

  async function load() {
    const tasks = [
      api('/api/v1/plant').then((p) => ctx.setPlant(p), (e) => {
        if (e instanceof ApiError && e.status === 409) ctx.setNoPlant();
        else fill(stateMsg, statusLine('error', errorText('Loading the plant state', e)));
      }).then(showPlant),
      api('/api/v1/nmas').then((n) => {
        nmaItems = n.items || [];
        ctx.nmas = n;
        showNmas();
      }, (e) => fill(nmaMsg, statusLine('error', errorText('Loading the NMAs', e)))),
      api('/api/v1/summary').then((s) => {
        ctx.summary = s;
        showCounts(s);
      }, (e) => fill(countsMsg, statusLine('error', errorText('Loading the counts', e)))),
      loadAlerts(),
      loadHistory(),
    ];
    await Promise.allSettled(tasks);
    if (!alive) return;
    drawTimeline();
    if (!marked) {
      marked = true;
      performance.mark('statewall:overview-ready');
    }
  }

  // Show what the frame already knows (the app's plant fetch), then load.
  if (ctx.plant || ctx.noPlant) showPlant();
  load();
  const tick = setInterval(drawTimeline, 5000);
  let resizeTimer = null;
  const onResize = () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(drawTimeline, 150);
  };
  window.addEventListener('resize', onResize);

  return {
    event(name, data) {
      switch (name) {
        case 'plant': showPlant(); break;
        case 'state':
          if (!history.some((h) => h.id === data.id)) history.push(data);
          drawTimeline();
          break;
        case 'nmas': nmaItems = data.items || []; showNmas(); break;
        case 'summary': showCounts(data); break;
        case 'alert': addAlertRow(data, true); break;
        case 'ack': {
          const tr = alertBody.querySelector(`tr[data-id="${CSS.escape(String(data.id))}"]`);
          tr?.classList.add('is-acked');
          break;
        }
        case 'alerts-skipped': loadAlerts(); break;
        default:
      }
    },
    reload() {
      load();
    },
    unmount() {
      alive = false;
      clearInterval(tick);
      window.removeEventListener('resize', onResize);
    },
  };
}
