// The console's frame: sign-in, the header (plant state, who, live status), the hash router and
// the live feed, which it hands to the current page.

import { api, ApiError, setToken, token, whenUnauthorized } from './api.js';
import { connectLive } from './live.js';
import { fill, roleRank } from './format.js';
import { stateIcon } from './svg.js';
import * as overview from './page-overview.js';
import * as alerts from './page-alerts.js';
import * as alert from './page-alert.js';
import * as processPage from './page-process.js';
import * as policy from './page-policy.js';
import * as actions from './page-actions.js';

const PAGES = { overview, alerts, alert, process: processPage, policy, actions };

const $ = (sel) => document.querySelector(sel);

/** What every page may use: the signed-in user, the latest plant/nmas/summary, navigation. */
const ctx = {
  me: null, // {name, role, session}
  whoami: null, // Promise of me
  plant: null, // last GET /api/v1/plant body (null: none yet or no plant file)
  noPlant: false,
  nmas: null,
  summary: null,
  can(role) {
    return this.me ? roleRank(this.me.role) >= roleRank(role) : false;
  },
  /** "Needs the operator role; you are a viewer." */
  denial(role) {
    const r = this.me?.role ?? 'unknown';
    return `Needs the ${role} role; you are ${/^[aeiou]/.test(r) ? 'an' : 'a'} ${r}.`;
  },
  setPlant(p) {
    this.plant = p;
    this.noPlant = false;
    showPlant();
    current?.handle?.event?.('plant', p);
  },
  setNoPlant() {
    this.plant = null;
    this.noPlant = true;
    showPlant();
    current?.handle?.event?.('plant', null);
  },
};

let live = null;
let current = null; // {name, handle}
let started = false;

function showPlant() {
  const badge = $('#plant-badge');
  const name = ctx.plant?.state ?? (ctx.noPlant ? 'no plant model' : '');
  $('[data-testid=plant-state]').textContent = name;
  badge.dataset.state = ctx.plant?.state ?? 'none';
  fill($('#plant-icon'), stateIcon(ctx.plant?.state ?? 'unknown', 22));
  const by = ctx.plant?.by ? ` by ${ctx.plant.by}` : '';
  badge.title = ctx.plant ? `plant-wide operating state: ${name} (${ctx.plant.origin}${by})` : 'plant-wide operating state';
}

function setLive(status) {
  const e = $('[data-testid=live-status]');
  e.textContent = status;
  e.dataset.live = status;
}

function parseRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, q = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(q);
  if (parts[0] === 'alerts' && parts[1]) return { page: 'alert', id: decodeURIComponent(parts[1]), params };
  const page = Object.hasOwn(PAGES, parts[0]) && parts[0] !== 'alert' ? parts[0] : 'overview';
  return { page, params };
}

function route() {
  if (!started) return;
  const r = parseRoute();
  if (current?.handle?.unmount) current.handle.unmount();
  const main = document.createElement('main');
  main.dataset.page = r.page;
  main.tabIndex = -1;
  $('main').replaceWith(main);
  for (const a of document.querySelectorAll('a[data-nav]')) {
    const on = a.dataset.nav === r.page || (r.page === 'alert' && a.dataset.nav === 'alerts');
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `Statewall · ${r.page}`;
  current = { name: r.page, handle: PAGES[r.page].mount(main, ctx, r) || {} };
}

function onLive(name, data) {
  if (name === 'plant') {
    ctx.setPlant(data); // passes it on to the page
    return;
  }
  if (name === 'nmas') ctx.nmas = data;
  else if (name === 'summary') ctx.summary = data;
  current?.handle?.event?.(name, data);
}

async function loadPlant() {
  try {
    ctx.setPlant(await api('/api/v1/plant'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) ctx.setNoPlant();
  }
}

function startApp() {
  $('#signin').hidden = true;
  $('#app').hidden = false;
  started = true;
  ctx.whoami = api('/api/v1/whoami').then((me) => {
    ctx.me = me;
    $('[data-testid=whoami]').textContent = `${me.name} (${me.role})`;
    return me;
  });
  ctx.whoami.catch(() => {});
  loadPlant();
  setLive('reconnecting');
  live = connectLive({
    event: onLive,
    status: setLive,
    reconnected() {
      loadPlant();
      current?.handle?.reload?.();
    },
    unauthorized(reason) {
      signOut(`Signed out: ${reason}.`);
    },
  });
  route();
}

function signOut(message) {
  live?.stop();
  live = null;
  started = false;
  if (current?.handle?.unmount) current.handle.unmount();
  current = null;
  setToken(null);
  ctx.me = null;
  ctx.plant = null;
  ctx.noPlant = false;
  ctx.nmas = null;
  ctx.summary = null;
  showPlant();
  $('#app').hidden = true;
  $('#signin').hidden = false;
  const form = $('[data-testid=login]');
  form.reset();
  $('[data-testid=login-error]').textContent = message || '';
  $('[data-testid=whoami]').textContent = '';
  form.querySelector('input[name=username]').focus();
}

async function signIn(ev) {
  ev.preventDefault();
  const form = ev.target;
  const error = $('[data-testid=login-error]');
  const submit = $('[data-testid=login-submit]');
  const pasted = form.token.value.trim();
  error.textContent = '';
  submit.disabled = true;
  try {
    if (pasted) {
      setToken(pasted);
      try {
        await api('/api/v1/whoami', { quiet401: true });
      } catch (e) {
        setToken(null);
        throw e instanceof ApiError && e.status === 401 ? new Error('That API token is not valid (unknown, revoked or expired).') : e;
      }
    } else {
      if (!form.username.value || !form.password.value) throw new Error('Enter a user name and a password, or paste an API token.');
      const res = await api('/api/v1/login', { method: 'POST', body: { username: form.username.value, password: form.password.value }, quiet401: true });
      setToken(res.token);
    }
    if (!location.hash.startsWith('#/')) history.replaceState(null, '', '#/overview');
    startApp();
  } catch (e) {
    let msg = e.message;
    if (e instanceof ApiError && e.status === 401) msg = `Sign-in refused: ${e.message}`;
    else if (e instanceof ApiError && e.status === 429) msg = `Too many failed sign-ins: ${e.message}`;
    error.textContent = msg;
  } finally {
    submit.disabled = false;
  }
}

async function logout() {
  const me = ctx.me;
  if (me?.session) {
    try {
      await api('/api/v1/logout', { method: 'POST', quiet401: true });
    } catch {
      // the token is forgotten below either way
    }
  }
  signOut('');
}

/** A link "#token=<secret>" signs in directly; the secret is taken out of the address bar. */
function takeTokenFromLink() {
  const m = /^#token=([^&]+)/.exec(location.hash);
  if (!m) return false;
  setToken(decodeURIComponent(m[1]));
  history.replaceState(null, '', '#/overview');
  return true;
}

function init() {
  whenUnauthorized((message) => {
    if (started) signOut(`Signed out: ${message}`);
  });
  $('[data-testid=login]').addEventListener('submit', signIn);
  $('[data-testid=logout]').addEventListener('click', logout);
  window.addEventListener('hashchange', () => {
    if (takeTokenFromLink()) {
      const fresh = token();
      if (started) signOut(''); // the previous session's page and feed end; the new token stays
      setToken(fresh);
      startApp();
    } else {
      route();
    }
  });
  takeTokenFromLink();
  showPlant();
  if (token()) startApp();
  else signOut('');
}

init();
