// The pages that show what one or two API endpoints return: targets, service discovery, rules,
// alerts and the status pages.
import {h, api, render, errorBox, labelBadges, formatDuration, formatSeconds, formatTime, ago, kvTable} from './util.js';

/** Fetches, or renders the page's title with the error and returns null. */
async function load(title, path, params) {
  try {
    return await api(path, params);
  } catch (e) {
    render(h('h1', {}, title), errorBox(e));
    return null;
  }
}

function healthBadge(health) {
  const cls = {up: 'ok', ok: 'ok', down: 'bad', err: 'bad', firing: 'bad', pending: 'warn', inactive: 'ok'}[health] || 'unknown';
  return h('span', {class: 'badge badge-' + cls}, health.toUpperCase());
}

function empty(text) {
  return h('p', {class: 'muted empty'}, text);
}

function filterInput(placeholder, onInput) {
  return h('input', {type: 'search', class: 'filter', placeholder, oninput: (e) => onInput(e.target.value.toLowerCase())});
}

/* ---------------------------------------------------------------- targets */

export async function targetsPage() {
  const title = 'Targets';
  const resp = await load(title, 'targets', {state: 'active'});
  if (!resp) return;
  const targets = resp.data.activeTargets || [];
  const pools = groupBy(targets, (t) => t.scrapePool);
  let onlyUnhealthy = false;
  let text = '';
  const body = h('div', {id: 'pools'});
  const draw = () => {
    body.replaceChildren();
    if (!targets.length) {
      body.append(empty('No active targets. Scrape jobs of the configuration appear here once discovered.'));
      return;
    }
    for (const [pool, list] of pools) {
      const up = list.filter((t) => t.health === 'up').length;
      const shown = list.filter((t) => (!onlyUnhealthy || t.health !== 'up')
        && (!text || JSON.stringify(t.labels).toLowerCase().includes(text) || t.scrapeUrl.toLowerCase().includes(text)));
      if (!shown.length && (onlyUnhealthy || text)) continue;
      body.append(h('section', {class: 'pool', 'data-pool': pool},
        h('h2', {}, pool, ' ', h('span', {class: up === list.length ? 'count ok' : 'count bad'}, `(${up}/${list.length} up)`)),
        h('table', {class: 'table targets'},
          h('colgroup', {}, [24, 7, 30, 11, 9, 19].map((w) => h('col', {style: `width:${w}%`}))),
          h('thead', {}, h('tr', {}, ['Endpoint', 'State', 'Labels', 'Last Scrape', 'Scrape Duration', 'Error']
            .map((x) => h('th', {}, x)))),
          h('tbody', {}, shown.map((t) => h('tr', {class: 'target', 'data-health': t.health},
            h('td', {class: 'endpoint'}, h('a', {href: t.globalUrl || t.scrapeUrl, target: '_blank', rel: 'noopener'}, t.scrapeUrl)),
            h('td', {}, healthBadge(t.health)),
            h('td', {}, labelBadges(t.labels)),
            h('td', {title: t.lastScrape}, ago(t.lastScrape)),
            h('td', {}, formatSeconds(t.lastScrapeDuration || 0)),
            h('td', {class: 'error-text'}, t.lastError || '')))))));
    }
  };
  const toggle = h('div', {class: 'btn-group'},
    h('button', {class: 'btn active', onclick: (e) => select(e, false)}, 'All'),
    h('button', {class: 'btn', onclick: (e) => select(e, true)}, 'Unhealthy'));
  function select(e, v) {
    onlyUnhealthy = v;
    toggle.querySelectorAll('.btn').forEach((b) => b.classList.toggle('active', b === e.target));
    draw();
  }
  draw();
  render(h('h1', {}, title), h('div', {class: 'toolbar'}, toggle,
    filterInput('Filter by endpoint or labels', (v) => { text = v; draw(); })), body);
}

function groupBy(list, key) {
  const m = new Map();
  for (const x of list) {
    const k = key(x);
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(x);
  }
  return new Map([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/* ---------------------------------------------------------------- service discovery */

export async function serviceDiscoveryPage() {
  const title = 'Service Discovery';
  const resp = await load(title, 'targets', {state: 'any'});
  if (!resp) return;
  const active = resp.data.activeTargets || [];
  const dropped = resp.data.droppedTargets || [];
  const pools = new Map();
  const pool = (name) => {
    if (!pools.has(name)) pools.set(name, {active: [], dropped: []});
    return pools.get(name);
  };
  active.forEach((t) => pool(t.scrapePool).active.push(t));
  // A dropped target names its pool only through its discovered labels (__scrape_pool__ is not one; job is).
  dropped.forEach((t) => pool(t.scrapePool || (t.discoveredLabels || {}).job || '(unknown)').dropped.push(t));
  const names = [...pools.keys()].sort();
  if (!names.length) {
    render(h('h1', {}, title), empty('No targets discovered.'));
    return;
  }
  render(h('h1', {}, title),
    h('ul', {class: 'pool-index'}, names.map((n) => h('li', {},
      h('a', {href: '#pool-' + encodeURIComponent(n)}, n),
      ` (${pools.get(n).active.length} / ${pools.get(n).active.length + pools.get(n).dropped.length} active targets)`))),
    names.map((n) => h('section', {class: 'pool', id: 'pool-' + encodeURIComponent(n)},
      h('h2', {}, n),
      h('table', {class: 'table sd'},
        h('thead', {}, h('tr', {}, h('th', {}, 'Discovered Labels'), h('th', {}, 'Target Labels'))),
        h('tbody', {},
          pools.get(n).active.map((t) => h('tr', {}, h('td', {}, labelBadges(t.discoveredLabels)), h('td', {}, labelBadges(t.labels)))),
          pools.get(n).dropped.map((t) => h('tr', {class: 'dropped'}, h('td', {}, labelBadges(t.discoveredLabels)),
            h('td', {}, h('span', {class: 'badge badge-unknown'}, 'DROPPED')))))))));
}

/* ---------------------------------------------------------------- rules and alerts */

function ruleText(r) {
  const lines = r.type === 'alerting' ? [`alert: ${r.name}`] : [`record: ${r.name}`];
  lines.push(`expr: ${r.query}`);
  if (r.type === 'alerting' && r.duration) lines.push(`for: ${formatDuration(r.duration)}`);
  if (r.keepFiringFor) lines.push(`keep_firing_for: ${formatDuration(r.keepFiringFor)}`);
  for (const key of ['labels', 'annotations']) {
    const m = r[key] || {};
    if (Object.keys(m).length) {
      lines.push(`${key}:`);
      for (const [k, v] of Object.entries(m)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
    }
  }
  return h('pre', {class: 'rule'}, lines.join('\n'));
}

export async function rulesPage() {
  const title = 'Rules';
  const resp = await load(title, 'rules');
  if (!resp) return;
  const groups = resp.data.groups || [];
  if (!groups.length) {
    render(h('h1', {}, title), empty('No rule groups configured (rule_files in the configuration).'));
    return;
  }
  render(h('h1', {}, title), groups.map((g) => h('section', {class: 'rule-group'},
    h('h2', {}, g.name, h('span', {class: 'muted small'}, ` ${g.file} · every ${formatDuration(g.interval)}`
      + ` · last evaluation ${ago(g.lastEvaluation)} · took ${formatSeconds(g.evaluationTime || 0)}`)),
    h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, ['Rule', 'State', 'Error', 'Last Evaluation', 'Evaluation Time'].map((x) => h('th', {}, x)))),
      h('tbody', {}, (g.rules || []).map((r) => h('tr', {},
        h('td', {}, ruleText(r)),
        h('td', {}, healthBadge(r.health || 'unknown')),
        h('td', {class: 'error-text'}, r.lastError || ''),
        h('td', {}, ago(r.lastEvaluation)),
        h('td', {}, formatSeconds(r.evaluationTime || 0)))))))));
}

export async function alertsPage() {
  const title = 'Alerts';
  const resp = await load(title, 'rules', {type: 'alert'});
  if (!resp) return;
  const groups = (resp.data.groups || []).filter((g) => (g.rules || []).length);
  const show = {inactive: true, pending: true, firing: true};
  const count = {inactive: 0, pending: 0, firing: 0};
  groups.forEach((g) => g.rules.forEach((r) => { count[r.state] = (count[r.state] || 0) + 1; }));
  const body = h('div', {});
  const draw = () => {
    body.replaceChildren();
    if (!groups.length) {
      body.append(empty('No alerting rules configured.'));
      return;
    }
    for (const g of groups) {
      const rules = g.rules.filter((r) => show[r.state]);
      if (!rules.length) continue;
      body.append(h('section', {class: 'rule-group'}, h('h2', {}, g.name, h('span', {class: 'muted small'}, ' ' + g.file)),
        rules.map((r) => h('details', {class: 'alert-rule state-' + r.state},
          h('summary', {}, healthBadge(r.state), ' ', h('strong', {}, r.name), ` (${(r.alerts || []).length} active)`),
          ruleText(r),
          (r.alerts || []).length ? h('table', {class: 'table'},
            h('thead', {}, h('tr', {}, ['Labels', 'State', 'Active Since', 'Value'].map((x) => h('th', {}, x)))),
            h('tbody', {}, r.alerts.map((a) => h('tr', {},
              h('td', {}, labelBadges(a.labels)), h('td', {}, healthBadge(a.state)),
              h('td', {title: a.activeAt}, a.activeAt ? formatTime(Date.parse(a.activeAt)) : ''),
              h('td', {}, a.value))))) : null))));
    }
  };
  const boxes = ['inactive', 'pending', 'firing'].map((s) => h('label', {class: 'check'},
    h('input', {type: 'checkbox', checked: true, onchange: (e) => { show[s] = e.target.checked; draw(); }}),
    ` ${s[0].toUpperCase() + s.substring(1)} (${count[s]})`));
  draw();
  render(h('h1', {}, title), h('div', {class: 'toolbar'}, boxes), body);
}

/* ---------------------------------------------------------------- status pages */

export async function statusPage({agent}) {
  const title = 'Runtime & Build Information';
  const parts = [h('h1', {}, title)];
  const section = async (heading, path, rows) => {
    try {
      const r = await api(path);
      parts.push(h('h2', {}, heading), rows(r.data));
    } catch (e) {
      parts.push(h('h2', {}, heading), errorBox(e));
    }
  };
  await section('Runtime Information', 'status/runtimeinfo', (d) => kvTable([
    ['Start time', d.startTime], ['Working directory', d.CWD],
    ['Configuration reload', d.reloadConfigSuccess ? 'Successful' : 'Unsuccessful'],
    ['Last successful configuration reload', d.lastConfigTime],
    ['WAL corruptions', d.corruptionCount], ['Threads (goroutines)', d.goroutineCount],
    ['Processors (GOMAXPROCS)', d.GOMAXPROCS], ['GOGC', d.GOGC], ['GODEBUG', d.GODEBUG],
    agent ? null : ['Storage retention', d.storageRetention]].filter((x) => x)));
  await section('Build Information', 'status/buildinfo', (d) => kvTable(Object.entries(d)));
  if (!agent) {
    await section('Alertmanagers', 'alertmanagers', (d) => {
      const list = d.activeAlertmanagers || [];
      return list.length ? kvTable(list.map((a) => ['Endpoint', a.url])) : empty('No Alertmanagers configured.');
    });
  }
  render(...parts);
}

export async function flagsPage() {
  const title = 'Command-Line Flags';
  const resp = await load(title, 'status/flags');
  if (!resp) return;
  const rows = Object.entries(resp.data).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const tbody = h('tbody', {});
  const draw = (text) => tbody.replaceChildren(...rows
    .filter(([k, v]) => !text || k.toLowerCase().includes(text) || v.toLowerCase().includes(text))
    .map(([k, v]) => h('tr', {}, h('th', {}, '--' + k), h('td', {}, v))));
  draw('');
  render(h('h1', {}, title), h('div', {class: 'toolbar'}, filterInput('Filter by flag name or value', draw)),
    h('table', {class: 'table kv flags'}, h('thead', {}, h('tr', {}, h('th', {}, 'Flag'), h('th', {}, 'Value'))), tbody));
}

export async function configPage() {
  const title = 'Configuration';
  const resp = await load(title, 'status/config');
  if (!resp) return;
  const yaml = resp.data.yaml;
  const copy = h('button', {class: 'btn', onclick: async () => {
    try {
      await navigator.clipboard.writeText(yaml);
      copy.textContent = 'Copied';
    } catch (e) {
      copy.textContent = 'Copy failed';
    }
  }}, 'Copy to clipboard');
  render(h('h1', {}, title), h('div', {class: 'toolbar'}, copy), h('pre', {class: 'config'}, yaml));
}

export async function tsdbStatusPage() {
  const title = 'TSDB Status';
  const resp = await load(title, 'status/tsdb');
  if (!resp) return;
  const d = resp.data;
  const hs = d.headStats || {};
  // An empty head reports math.MaxInt64 / math.MinInt64, which JSON numbers cannot even hold exactly.
  const time = (ms) => (ms === undefined || Math.abs(ms) >= 9.2e18 ? 'none (no samples in the head)'
    : `${formatTime(ms)} (${ms})`);
  const list = (heading, items, valueHeading) => [h('h2', {}, heading), (items || []).length
    ? kvTable(items.map((x) => [x.name, x.value]), ['Name', valueHeading]) : empty('None.')];
  render(h('h1', {}, title),
    h('h2', {}, 'Head Stats'),
    kvTable([['Number of Series', hs.numSeries], ['Number of Chunks', hs.chunkCount],
      ['Number of Label Pairs', hs.numLabelPairs], ['Current Min Time', time(hs.minTime)],
      ['Current Max Time', time(hs.maxTime)]]),
    list('Top 10 label names with value count', d.labelValueCountByLabelName, 'Count'),
    list('Top 10 series count by metric names', d.seriesCountByMetricName, 'Count'),
    list('Top 10 label names with high memory usage', d.memoryInBytesByLabelName, 'Bytes'),
    list('Top 10 series count by label value pairs', d.seriesCountByLabelValuePair, 'Count'));
}

export async function agentPage() {
  render(h('h1', {}, 'Prometheus Agent'),
    h('p', {}, 'This server runs in agent mode: it discovers and scrapes targets and forwards the samples '
      + 'to the configured remote_write endpoints. It keeps no queryable storage, so the query pages, '
      + 'rules and alerts are not available here.'),
    h('p', {}, 'See ', h('a', {href: 'targets'}, 'Targets'), ', ', h('a', {href: 'service-discovery'}, 'Service Discovery'),
      ' and ', h('a', {href: 'status'}, 'Runtime & Build Information'), '.'));
}

