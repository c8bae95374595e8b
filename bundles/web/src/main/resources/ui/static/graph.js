// The expression browser: panels with an expression box, a Table tab (instant query) and a
// Graph tab (range query drawn with uPlot). The panels' state lives in the URL with
// Prometheus's parameter names (g0.expr, g0.tab, g0.range_input, ...), so a link reproduces
// the view. Tab 0 is the graph, 1 the table, as in Prometheus.
import {h, api, render, errorBox, warningBox, seriesName, formatDuration, parseDuration, formatTime,
  parseTime} from './util.js';
import {attach, remember} from './complete.js';

const RANGES = ['1s', '10s', '1m', '5m', '15m', '30m', '1h', '2h', '6h', '12h', '1d', '2d', '1w', '2w', '4w', '8w',
  '1y', '2y'];
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22',
  '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173'];
const MAX_TABLE_ROWS = 10000;
const TAB_GRAPH = 0;
const TAB_TABLE = 1;

const panels = [];
let container;

function defaults() {
  return {expr: '', tab: TAB_TABLE, stacked: false, showExemplars: false, range: '1h', end: '', moment: '', step: ''};
}

/** Panel states read from the URL: g<i>.expr, g<i>.tab, g<i>.stacked, g<i>.range_input, ... */
export function parseState(search) {
  const q = new URLSearchParams(search);
  const byIndex = new Map();
  for (const [k, v] of q) {
    const m = /^g(\d+)\.(.+)$/.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    if (!byIndex.has(i)) byIndex.set(i, defaults());
    const s = byIndex.get(i);
    switch (m[2]) {
      case 'expr': s.expr = v; break;
      case 'tab': s.tab = v === '0' ? TAB_GRAPH : TAB_TABLE; break;
      case 'stacked': s.stacked = v === '1'; break;
      case 'show_exemplars': s.showExemplars = v === '1'; break;
      case 'range_input': if (parseDuration(v)) s.range = v; break;
      case 'end_input': s.end = v; break;
      case 'moment_input': s.moment = v; break;
      case 'step_input': s.step = v; break;
      default: break;
    }
  }
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i));
}

export function formatState(states) {
  const q = new URLSearchParams();
  states.forEach((s, i) => {
    q.set(`g${i}.expr`, s.expr);
    q.set(`g${i}.tab`, String(s.tab));
    q.set(`g${i}.stacked`, s.stacked ? '1' : '0');
    q.set(`g${i}.show_exemplars`, s.showExemplars ? '1' : '0');
    q.set(`g${i}.range_input`, s.range);
    if (s.end) q.set(`g${i}.end_input`, s.end);
    if (s.moment) q.set(`g${i}.moment_input`, s.moment);
    if (s.step) q.set(`g${i}.step_input`, s.step);
  });
  return '?' + q.toString();
}

function saveUrl() {
  // Not a relative '?...': that would resolve against <base href>, not this page.
  history.replaceState(null, '', location.pathname + formatState(panels.map((p) => p.state)));
}

export function graphPage() {
  const states = parseState(location.search);
  container = h('div', {id: 'panels'});
  render(h('div', {class: 'graph-page'}, container,
    h('button', {class: 'btn add-panel', onclick: () => { addPanel(defaults()).textarea.focus(); saveUrl(); }},
      'Add Panel')));
  (states.length ? states : [defaults()]).forEach((s) => addPanel(s));
  saveUrl();
  panels.forEach((p) => { if (p.state.expr.trim()) p.execute(); });
}

function addPanel(state) {
  const p = new Panel(state);
  panels.push(p);
  container.append(p.el);
  p.showTab();
  return p;
}

/** Numbers as the API writes them: "+Inf", "-Inf", "NaN" or a decimal. */
function parseValue(s) {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

/** Axis and legend numbers: SI suffixes above a thousand, exponents for tiny values. */
export function formatValue(v) {
  if (v === null || v === undefined) return '';
  if (!isFinite(v)) return String(v);
  const a = Math.abs(v);
  for (const [suffix, f] of [['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]]) {
    if (a >= f) return +(v / f).toPrecision(4) + suffix;
  }
  if (a !== 0 && a < 1e-3) return v.toExponential(2);
  return String(+v.toPrecision(4));
}

/** An x-axis label in UTC, 24-hour clock: seconds for short ranges, the date for long ones. */
function timeTick(t, span) {
  const s = formatTime(t * 1000);
  if (span > 2 * 86400) return s.substring(5, 16);
  return span < 600 ? s.substring(11, 19) : s.substring(11, 16);
}

/** A native histogram sample as the table shows it: count, sum and bucket count. */
function histogramText(hist) {
  return `histogram count=${hist.count} sum=${hist.sum} buckets=${(hist.buckets || []).length}`;
}

class Panel {
  constructor(state) {
    this.state = state;
    this.chart = null;
    this.abort = null;
    this.textarea = h('textarea', {class: 'expr-input', rows: '1', spellcheck: 'false', autocomplete: 'off',
      placeholder: 'Expression (press Shift+Enter for newlines)', value: state.expr,
      oninput: () => { this.state.expr = this.textarea.value; this.grow(); saveUrl(); }});
    this.stats = h('span', {class: 'stats muted'});
    this.output = h('div', {class: 'output'});
    this.tabButtons = [
      h('button', {class: 'tab', 'data-tab': String(TAB_TABLE), onclick: () => this.switchTab(TAB_TABLE)}, 'Table'),
      h('button', {class: 'tab', 'data-tab': String(TAB_GRAPH), onclick: () => this.switchTab(TAB_GRAPH)}, 'Graph'),
    ];
    this.tableControls = this.buildTableControls();
    this.graphControls = this.buildGraphControls();
    this.el = h('div', {class: 'panel'},
      h('div', {class: 'expr-row'},
        h('div', {class: 'expr-wrap'}, this.textarea),
        h('button', {class: 'btn btn-primary execute', onclick: () => this.execute()}, 'Execute'),
        h('button', {class: 'btn format', title: 'Format the expression (api/v1/format_query)',
          onclick: () => this.format()}, 'Format')),
      h('div', {class: 'tab-row'}, this.tabButtons, this.stats),
      h('div', {class: 'tab-body'}, this.tableControls, this.graphControls, this.output),
      h('div', {class: 'panel-footer'},
        h('button', {class: 'btn btn-link remove-panel', onclick: () => this.remove()}, 'Remove Panel')));
    attach(this.textarea, () => this.execute());
    this.onResize = () => this.resizeChart();
    window.addEventListener('resize', this.onResize);
    setTimeout(() => this.grow(), 0);
  }

  grow() {
    this.textarea.style.height = 'auto';
    this.textarea.style.height = Math.min(this.textarea.scrollHeight + 2, 300) + 'px';
  }

  buildTableControls() {
    const moment = h('input', {type: 'text', class: 'time-input moment-input', value: this.state.moment,
      placeholder: 'Evaluation time (UTC), empty: now',
      onchange: () => { this.state.moment = moment.value.trim(); saveUrl(); this.execute(); }});
    const shift = (dir) => {
      const base = parseTime(this.state.moment) ?? Date.now();
      this.state.moment = formatTime(base + dir * 60 * 60 * 1000);
      moment.value = this.state.moment;
      saveUrl();
      this.execute();
    };
    return h('div', {class: 'controls table-controls'},
      h('button', {class: 'btn', title: 'One hour earlier', onclick: () => shift(-1)}, '‹'),
      moment,
      h('button', {class: 'btn', title: 'One hour later', onclick: () => shift(1)}, '›'));
  }

  buildGraphControls() {
    const range = h('input', {type: 'text', class: 'range-input', value: this.state.range, size: '5',
      onchange: () => {
        if (parseDuration(range.value)) this.state.range = range.value.trim();
        range.value = this.state.range;
        saveUrl();
        this.execute();
      }});
    const stepRange = (dir) => {
      const cur = parseDuration(this.state.range);
      const secs = RANGES.map(parseDuration);
      let i = dir > 0 ? secs.findIndex((s) => s > cur) : secs.map((s) => s < cur).lastIndexOf(true);
      if (i < 0) i = dir > 0 ? RANGES.length - 1 : 0;
      this.state.range = RANGES[i];
      range.value = this.state.range;
      saveUrl();
      this.execute();
    };
    const end = h('input', {type: 'text', class: 'time-input end-input', value: this.state.end,
      placeholder: 'End time (UTC), empty: now',
      onchange: () => { this.state.end = end.value.trim(); saveUrl(); this.execute(); }});
    const shiftEnd = (dir) => {
      const base = parseTime(this.state.end) ?? Date.now();
      this.state.end = formatTime(base + dir * parseDuration(this.state.range) * 1000 / 2);
      end.value = this.state.end;
      saveUrl();
      this.execute();
    };
    const step = h('input', {type: 'text', class: 'step-input', value: this.state.step, size: '8',
      placeholder: 'Res. (s)', title: 'Query resolution: seconds or a duration; empty: automatic',
      onchange: () => { this.state.step = step.value.trim(); saveUrl(); this.execute(); }});
    const mode = h('div', {class: 'btn-group'},
      h('button', {class: 'btn lines', onclick: () => this.setStacked(false)}, 'Lines'),
      h('button', {class: 'btn stacked', onclick: () => this.setStacked(true)}, 'Stacked'));
    this.modeButtons = mode;
    this.markMode();
    return h('div', {class: 'controls graph-controls'},
      h('button', {class: 'btn', title: 'Shorter range', onclick: () => stepRange(-1)}, '−'), range,
      h('button', {class: 'btn', title: 'Longer range', onclick: () => stepRange(1)}, '+'),
      h('span', {class: 'spacer'}),
      h('button', {class: 'btn', title: 'Earlier', onclick: () => shiftEnd(-1)}, '«'), end,
      h('button', {class: 'btn', title: 'Later', onclick: () => shiftEnd(1)}, '»'),
      h('span', {class: 'spacer'}), step, h('span', {class: 'spacer'}), mode);
  }

  markMode() {
    this.modeButtons.querySelector('.lines').classList.toggle('active', !this.state.stacked);
    this.modeButtons.querySelector('.stacked').classList.toggle('active', this.state.stacked);
  }

  setStacked(v) {
    this.state.stacked = v;
    this.markMode();
    saveUrl();
    if (this.state.tab === TAB_GRAPH && this.lastGraph) this.drawChart(this.lastGraph);
  }

  showTab() {
    const tab = this.state.tab;
    this.tabButtons.forEach((b) => b.classList.toggle('active', Number(b.dataset.tab) === tab));
    this.tableControls.hidden = tab !== TAB_TABLE;
    this.graphControls.hidden = tab !== TAB_GRAPH;
  }

  switchTab(tab) {
    if (this.state.tab === tab) return;
    this.state.tab = tab;
    this.showTab();
    saveUrl();
    this.destroyChart();
    this.lastGraph = null;
    this.output.replaceChildren();
    this.stats.textContent = '';
    if (this.state.expr.trim()) this.execute();
  }

  remove() {
    if (this.abort) this.abort.abort();
    this.destroyChart();
    window.removeEventListener('resize', this.onResize);
    panels.splice(panels.indexOf(this), 1);
    this.el.remove();
    saveUrl();
  }

  async format() {
    const expr = this.textarea.value;
    if (!expr.trim()) return;
    try {
      const r = await api('format_query', null, {query: expr});
      this.textarea.value = r.data;
      this.state.expr = r.data;
      this.grow();
      saveUrl();
    } catch (e) {
      this.output.replaceChildren(errorBox(e, 'Format failed'));
    }
  }

  async execute() {
    const expr = this.textarea.value;
    this.state.expr = expr;
    saveUrl();
    if (!expr.trim()) {
      this.output.replaceChildren(h('p', {class: 'muted'}, 'Enter an expression to run.'));
      return;
    }
    remember(expr);
    if (this.abort) this.abort.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.el.classList.add('loading');
    const started = performance.now();
    try {
      if (this.state.tab === TAB_GRAPH) await this.runRange(expr, abort.signal, started);
      else await this.runInstant(expr, abort.signal, started);
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.destroyChart();
      this.stats.textContent = '';
      this.output.replaceChildren(errorBox(e, 'Error executing query'));
    } finally {
      if (this.abort === abort) {
        this.abort = null;
        this.el.classList.remove('loading');
      }
    }
  }

  async runInstant(expr, signal, started) {
    const body = {query: expr};
    const moment = parseTime(this.state.moment);
    if (this.state.moment && moment === null) throw new Error(`Invalid evaluation time "${this.state.moment}"`);
    if (moment !== null) body.time = String(moment / 1000);
    const r = await api('query', null, body, signal);
    const ms = Math.round(performance.now() - started);
    const d = r.data;
    const rows = [];
    if (d.resultType === 'vector') {
      for (const s of d.result) rows.push([seriesName(s.metric), s.value ? s.value[1] : histogramText(s.histogram[1])]);
    } else if (d.resultType === 'matrix') {
      for (const s of d.result) {
        rows.push([seriesName(s.metric), h('div', {class: 'values'},
          [...(s.values || []).map(([t, v]) => h('div', {}, `${v} @${t}`)),
            ...(s.histograms || []).map(([t, v]) => h('div', {}, `${histogramText(v)} @${t}`))])]);
      }
    } else if (d.resultType === 'scalar' || d.resultType === 'string') {
      rows.push([d.resultType, d.result[1]]);
    }
    this.stats.textContent = `Load time: ${ms}ms · Result series: ${d.resultType === 'vector' || d.resultType === 'matrix' ? d.result.length : 1}`;
    this.destroyChart();
    const shown = rows.slice(0, MAX_TABLE_ROWS);
    this.output.replaceChildren(
      warningBox(r.warnings) || '',
      rows.length ? h('table', {class: 'table results'},
        h('tbody', {}, shown.map(([name, value]) => h('tr', {class: 'result-row'},
          h('td', {class: 'series'}, name), h('td', {class: 'value'}, value))))) : h('p', {class: 'muted empty'}, 'Empty query result'),
      rows.length > shown.length ? h('p', {class: 'muted'}, `Showing ${shown.length} of ${rows.length} rows.`) : '');
  }

  async runRange(expr, signal, started) {
    const range = parseDuration(this.state.range);
    const endMs = parseTime(this.state.end);
    if (this.state.end && endMs === null) throw new Error(`Invalid end time "${this.state.end}"`);
    const end = (endMs ?? Date.now()) / 1000;
    const start = end - range;
    let step = Math.max(Math.floor(range / 250), 1);
    if (this.state.step) {
      step = /^[0-9.]+$/.test(this.state.step) ? Number(this.state.step) : parseDuration(this.state.step);
      if (!step || step <= 0) throw new Error(`Invalid resolution "${this.state.step}"`);
    }
    const r = await api('query_range', null, {query: expr, start: String(start), end: String(end), step: String(step)}, signal);
    const ms = Math.round(performance.now() - started);
    const d = r.data;
    if (d.resultType !== 'matrix') throw new Error(`Query result is of type ${d.resultType}, a graph needs a range query result`);
    this.stats.textContent = `Load time: ${ms}ms · Resolution: ${formatDuration(step)} · Result series: ${d.result.length}`;
    this.lastGraph = {result: d.result, start, end, warnings: r.warnings};
    this.drawChart(this.lastGraph);
  }

  destroyChart() {
    if (this.chart) {
      this.chart.destroy();
      this.chart = null;
    }
  }

  resizeChart() {
    if (this.chart && this.chartBox) this.chart.setSize({width: this.chartBox.clientWidth, height: 400});
  }

  drawChart({result, start, end, warnings}) {
    if (this.chart) {
      this.chart.destroy();
      this.chart = null;
    }
    if (!result.length) {
      this.output.replaceChildren(warningBox(warnings) || '', h('p', {class: 'muted empty'}, 'Empty query result'));
      return;
    }
    // Native histogram samples ("histograms") are not drawn; the table shows them.
    const times = [...new Set(result.flatMap((s) => (s.values || []).map((v) => v[0])))].sort((a, b) => a - b);
    const index = new Map(times.map((t, i) => [t, i]));
    const raw = result.map((s) => {
      const ys = new Array(times.length).fill(null);
      for (const [t, v] of s.values || []) {
        const x = parseValue(v);
        ys[index.get(t)] = isFinite(x) ? x : null;
      }
      return ys;
    });
    const stacked = this.state.stacked;
    let plotted = raw;
    if (stacked) {
      const acc = new Array(times.length).fill(0);
      plotted = raw.map((ys) => ys.map((y, i) => {
        acc[i] += y ?? 0;
        return y === null ? null : acc[i];
      }));
    }
    const names = result.map((s) => seriesName(s.metric));
    const color = (i) => COLORS[i % COLORS.length];
    this.chartBox = h('div', {class: 'chart'});
    const legendValues = [];
    const legend = h('div', {class: 'graph-legend'}, names.map((n, i) => {
      const value = h('span', {class: 'legend-value'});
      legendValues.push(value);
      return h('div', {class: 'legend-item', title: 'Click to hide or show',
        onclick: (e) => {
          const item = e.currentTarget;
          item.classList.toggle('hidden-series');
          if (this.chart) this.chart.setSeries(i + 1, {show: !item.classList.contains('hidden-series')});
        }},
      h('span', {class: 'swatch', style: `background:${color(i)}`}), h('span', {class: 'legend-name'}, n), value);
    }));
    this.output.replaceChildren(warningBox(warnings) || '', this.chartBox, legend);
    const series = [{}];
    names.forEach((n, i) => series.push({
      label: n,
      stroke: color(i),
      width: 1.5,
      fill: stacked && i === 0 ? color(i) + '66' : undefined,
      spanGaps: false,
      points: {show: times.length < 60},
      value: (u, v, si, idx) => (idx === null || idx === undefined ? '' : formatValue(raw[si - 1][idx])),
    }));
    const bands = stacked ? names.slice(1).map((n, i) => ({series: [i + 2, i + 1], fill: color(i + 1) + '66'})) : [];
    const opts = {
      width: Math.max(this.chartBox.clientWidth, 300),
      height: 400,
      series,
      bands,
      legend: {show: false},
      scales: {x: {time: true, range: () => [start, end]}},
      axes: [
        {stroke: '#555', grid: {stroke: '#eee'}, space: 90, values: (u, splits) => splits.map((t) => timeTick(t, end - start))},
        {stroke: '#555', grid: {stroke: '#eee'}, size: 70, values: (u, vals) => vals.map(formatValue)},
      ],
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      hooks: {
        setCursor: [(u) => {
          const idx = u.cursor.idx;
          legendValues.forEach((el, i) => {
            el.textContent = idx === null || idx === undefined || raw[i][idx] === null ? '' : ' ' + formatValue(raw[i][idx]);
          });
        }],
      },
    };
    // uPlot is a classic script (the WebJar's IIFE build) that defines the global uPlot.
    this.chart = new uPlot(opts, [times, ...plotted], this.chartBox);
  }
}
