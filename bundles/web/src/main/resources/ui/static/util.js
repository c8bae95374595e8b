// Helpers shared by the pages: building elements, calling the HTTP API, formatting.

/** Creates an element: h('td', {class: 'x', onclick: f}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.substring(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** An error answered by the API (or the lack of one): errorType, message, HTTP status. */
export class ApiError extends Error {
  constructor(type, message, status) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

/**
 * Calls api/v1/<path> (relative to the page's base, so under the route prefix) and returns
 * the envelope {data, warnings}. With a body object it POSTs it as a form, as Prometheus's UI
 * does for queries. A 404 means this server has no such endpoint.
 */
export async function api(path, params, body, signal) {
  const url = 'api/v1/' + path + (params ? '?' + new URLSearchParams(params) : '');
  const init = {headers: {Accept: 'application/json'}, signal};
  if (body) {
    init.method = 'POST';
    init.body = new URLSearchParams(body);
  }
  let resp;
  try {
    resp = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('network', 'Cannot reach the server: ' + e.message, 0);
  }
  const text = await resp.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch (e) {
    json = null;
  }
  if (json && json.status === 'success') return json;
  if (json && json.status === 'error') throw new ApiError(json.errorType, json.error, resp.status);
  if (resp.status === 404) {
    throw new ApiError('not_found', `The ${path.split('?')[0]} API is not available on this server.`, 404);
  }
  if (resp.status === 204) return {data: null};
  throw new ApiError('http', `${resp.status} ${resp.statusText}: ${text.trim() || 'no response body'}`, resp.status);
}

/** A red box with the error's message. */
export function errorBox(e, prefix) {
  const msg = e instanceof ApiError && e.type && !['not_found', 'network', 'http'].includes(e.type)
    ? `${e.type}: ${e.message}` : e.message;
  return h('div', {class: 'alert alert-error', role: 'alert'}, prefix ? prefix + ': ' : '', msg);
}

export function warningBox(warnings) {
  if (!warnings || !warnings.length) return null;
  return h('div', {class: 'alert alert-warning'}, warnings.map((w) => h('div', {}, 'Warning: ', w)));
}

/** Replaces the page's main content. */
export function render(...children) {
  const main = document.getElementById('main');
  main.replaceChildren();
  append(main, children);
  return main;
}

/** Label set as PromQL prints it: name{a="b", c="d"}. */
export function seriesName(metric) {
  const name = metric.__name__ || '';
  const pairs = Object.entries(metric).filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return pairs.length || !name ? `${name}{${pairs.join(', ')}}` : name;
}

/** Label badges: one small box per label pair. */
export function labelBadges(labels) {
  const entries = Object.entries(labels || {});
  if (!entries.length) return h('span', {class: 'muted'}, 'none');
  return h('div', {class: 'labels'},
    entries.map(([k, v]) => h('span', {class: 'label-badge'}, `${k}="${v}"`)));
}

/** Seconds to Prometheus's compact duration: 1h2m3s, 150ms. */
export function formatDuration(seconds) {
  if (!isFinite(seconds)) return String(seconds);
  let ms = Math.round(seconds * 1000);
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  ms = Math.abs(ms);
  const units = [['y', 365 * 24 * 3600e3], ['w', 7 * 24 * 3600e3], ['d', 24 * 3600e3], ['h', 3600e3],
    ['m', 60e3], ['s', 1e3], ['ms', 1]];
  let out = '';
  for (const [u, size] of units) {
    if (ms >= size) {
      out += Math.floor(ms / size) + u;
      ms %= size;
    }
  }
  return sign + out;
}

/** Short measured times: 854µs, 12.3ms, 4.562s, then 1m3s as formatDuration. */
export function formatSeconds(seconds) {
  if (!isFinite(seconds) || seconds < 0) return String(seconds);
  if (seconds === 0) return '0s';
  if (seconds < 0.001) return `${Math.round(seconds * 1e6)}µs`;
  if (seconds < 1) return `${+(seconds * 1000).toPrecision(3)}ms`;
  if (seconds < 60) return `${+seconds.toFixed(3)}s`;
  return formatDuration(Math.round(seconds));
}

/** Parses a Prometheus duration (1h30m, 5m, 2w, 15s, 100ms) to seconds; null if invalid. */
export function parseDuration(s) {
  const m = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/.exec((s || '').trim());
  if (!m || !s.trim()) return null;
  const f = [365 * 86400, 7 * 86400, 86400, 3600, 60, 1, 0.001];
  let total = 0;
  for (let i = 0; i < f.length; i++) {
    const v = m[2 + 2 * i];
    if (v) total += Number(v) * f[i];
  }
  return total;
}

/** "2023-01-31 10:00:00" in UTC. */
export function formatTime(ms) {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

/** Parses "YYYY-MM-DD HH:MM[:SS]" (UTC) or an RFC 3339 time; null if invalid. */
export function parseTime(s) {
  const t = (s || '').trim();
  if (!t) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/.exec(t);
  if (m) {
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0), Math.round(+(m[7] || 0) * 1000));
  }
  const d = Date.parse(t);
  return isNaN(d) ? null : d;
}

/** "3.2s ago" style age of an RFC 3339 time; "never" for Go's zero time. */
export function ago(rfc3339) {
  const t = Date.parse(rfc3339);
  if (isNaN(t) || t <= 0 || rfc3339.startsWith('0001-')) return 'never';
  return formatSeconds(Math.max(0, (Date.now() - t) / 1000)) + ' ago';
}

/** A two-column table of [name, value] rows. */
export function kvTable(rows, headers) {
  return h('table', {class: 'table kv'},
    headers ? h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))) : null,
    h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))));
}
