// The live feed GET /api/v1/stream, read with fetch() and a stream reader (EventSource cannot
// send the Authorization header, and a token in the URL would end up in logs). The SSE text is
// "event: NAME\ndata: JSON\n\n" blocks, and ": comment" lines (keepalives) that are skipped.

import { authHeaders } from './api.js';

const BACKOFF = [1000, 2000, 4000, 8000, 10000];

/**
 * handlers: {event(name, data), status('live'|'reconnecting'), reconnected(), unauthorized(reason)}.
 * Returns {stop()}.
 */
export function connectLive(handlers) {
  let stopped = false;
  let controller = null;
  let attempt = 0;
  let everConnected = false;
  let timer = null;

  async function run() {
    if (stopped) return;
    controller = new AbortController();
    let authFailure = null;
    try {
      const res = await fetch('/api/v1/stream', {
        headers: authHeaders({ Accept: 'text/event-stream' }),
        signal: controller.signal,
        cache: 'no-store',
      });
      if (res.status === 401) {
        authFailure = 'the token is no longer valid';
      } else if (res.ok && res.body) {
        const wasConnected = everConnected;
        everConnected = true;
        attempt = 0;
        handlers.status('live');
        if (wasConnected) handlers.reconnected();
        authFailure = await read(res.body.getReader());
      }
    } catch (e) {
      // network error or abort: reconnect below unless stopped
    }
    if (stopped) return;
    handlers.status('reconnecting');
    if (authFailure) {
      handlers.unauthorized(authFailure);
      return;
    }
    const delay = BACKOFF[Math.min(attempt, BACKOFF.length - 1)];
    attempt++;
    timer = setTimeout(run, delay);
  }

  /** Reads until the stream ends; returns a reason when the server said the token is invalid. */
  async function read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    let name = 'message';
    let data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        let line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '') {
          if (data.length) {
            const bye = dispatch(name, data.join('\n'));
            if (bye) return bye;
          }
          name = 'message';
          data = [];
        } else if (line.startsWith(':')) {
          // comment (keepalive)
        } else {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let val = colon < 0 ? '' : line.slice(colon + 1);
          if (val.startsWith(' ')) val = val.slice(1);
          if (field === 'event') name = val;
          else if (field === 'data') data.push(val);
        }
      }
    }
  }

  function dispatch(name, text) {
    let payload;
    try {
      payload = JSON.parse(text);
    } catch {
      return null;
    }
    if (name === 'bye') {
      const reason = String(payload?.reason ?? '');
      controller.abort();
      return /token|revoked|expired|unauthori[sz]ed|signed out|logged out/i.test(reason) ? reason : null;
    }
    try {
      handlers.event(name, payload);
    } catch (e) {
      console.error('live event', name, e);
    }
    return null;
  }

  run();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
    },
  };
}
