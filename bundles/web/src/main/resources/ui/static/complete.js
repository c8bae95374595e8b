// Autocompletion for the expression box: metric names, label names, PromQL functions,
// aggregations and keywords, plus the query history kept in localStorage.
import {h, api} from './util.js';

/** PromQL 2.42's functions (promql/parser/functions.go). */
export const FUNCTIONS = [
  'abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'avg_over_time',
  'ceil', 'changes', 'clamp', 'clamp_max', 'clamp_min', 'cos', 'cosh', 'count_over_time', 'day_of_month',
  'day_of_week', 'day_of_year', 'days_in_month', 'deg', 'delta', 'deriv', 'exp', 'floor', 'histogram_count',
  'histogram_fraction', 'histogram_quantile', 'histogram_sum', 'holt_winters', 'hour', 'idelta', 'increase',
  'irate', 'label_join', 'label_replace', 'last_over_time', 'ln', 'log10', 'log2', 'max_over_time',
  'min_over_time', 'minute', 'month', 'pi', 'predict_linear', 'present_over_time', 'quantile_over_time', 'rad',
  'rate', 'resets', 'round', 'scalar', 'sgn', 'sin', 'sinh', 'sort', 'sort_desc', 'sqrt', 'stddev_over_time',
  'stdvar_over_time', 'sum_over_time', 'tan', 'tanh', 'time', 'timestamp', 'vector', 'year',
];
export const AGGREGATIONS = ['avg', 'bottomk', 'count', 'count_values', 'group', 'max', 'min', 'quantile', 'stddev',
  'stdvar', 'sum', 'topk'];
const KEYWORDS = ['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset',
  'bool', 'atan2'];

const HISTORY_KEY = 'ignis.queryHistory';
const HISTORY_MAX = 50;

export function history() {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch (e) {
    return [];
  }
}

export function remember(expr) {
  const e = expr.trim();
  if (!e) return;
  const list = [e, ...history().filter((x) => x !== e)].slice(0, HISTORY_MAX);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(list));
  } catch (err) {
    // Storage full or disabled: history is a convenience only.
  }
}

/** Metric and label names, fetched once per page and shared by every panel. */
let namesPromise = null;
function names() {
  if (!namesPromise) {
    namesPromise = Promise.all([
      api('label/__name__/values').then((r) => r.data || []).catch(() => []),
      api('labels').then((r) => r.data || []).catch(() => []),
    ]).then(([metrics, labels]) => ({metrics, labels}));
  }
  return namesPromise;
}

/** Values of one label, fetched once per label name. */
const valuesByLabel = new Map();
export function labelValues(name) {
  if (!valuesByLabel.has(name)) {
    valuesByLabel.set(name, api(`label/${encodeURIComponent(name)}/values`).then((r) => r.data || []).catch(() => []));
  }
  return valuesByLabel.get(name);
}

/**
 * What is being typed at the caret: the word, and whether a label name is expected there
 * (inside braces, or inside by/without/on/ignoring/group_x parentheses).
 */
export function context(text, caret) {
  const before = text.substring(0, caret);
  const word = (/[a-zA-Z_:][a-zA-Z0-9_:]*$/.exec(before) || [''])[0];
  const head = before.substring(0, before.length - word.length);
  const stripped = head.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, 'S');
  const openBrace = stripped.lastIndexOf('{') > stripped.lastIndexOf('}');
  const inQuote = /"(?:[^"\\]|\\.)*$/.test(stripped) || /'(?:[^'\\]|\\.)*$/.test(stripped);
  const grouping = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)$/.test(stripped);
  const labelPosition = openBrace && /[{,]\s*$/.test(stripped);
  // A label value being typed: name="partial (double quotes, no escapes in the partial value).
  const value = openBrace && /([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*"([^"\\]*)$/.exec(before);
  if (value) {
    return {word: value[2], start: caret - value[2].length, valueLabel: value[1], label: false, inQuote: false,
      inBraces: false};
  }
  return {word, start: caret - word.length, label: labelPosition || grouping, inQuote,
    inBraces: openBrace && !labelPosition};
}

/** Ranked completions for a context: prefix matches first, then substring matches. */
export function candidates(ctx, data) {
  if (ctx.valueLabel) {
    const w = ctx.word;
    return (data.values || []).filter((v) => v.startsWith(w) && v !== w).slice(0, 15)
      .map((v) => ({text: v, kind: 'value', insert: v + '"'}));
  }
  if (ctx.inQuote || ctx.inBraces) return [];
  const w = ctx.word.toLowerCase();
  let pool;
  if (ctx.label) {
    pool = data.labels.filter((l) => l !== '__name__').map((l) => ({text: l, kind: 'label'}));
  } else {
    pool = [
      ...data.metrics.map((m) => ({text: m, kind: 'metric'})),
      ...FUNCTIONS.map((f) => ({text: f, kind: 'function', insert: f + '('})),
      ...AGGREGATIONS.map((a) => ({text: a, kind: 'aggregation', insert: a + '('})),
      ...KEYWORDS.map((k) => ({text: k, kind: 'keyword'})),
    ];
  }
  if (!w) return [];
  const prefix = pool.filter((c) => c.text.toLowerCase().startsWith(w) && c.text !== ctx.word);
  const inner = pool.filter((c) => !c.text.toLowerCase().startsWith(w) && c.text.toLowerCase().includes(w));
  return [...prefix, ...inner].slice(0, 15);
}

/**
 * Attaches a completion dropdown to a textarea. Arrow keys move, Tab or Enter accept,
 * Escape closes. onExecute runs on Enter when no completion is selected (Shift+Enter is a
 * new line). The dropdown also lists matching history entries while the box is empty or a
 * history entry starts with what was typed.
 */
export function attach(textarea, onExecute) {
  const menu = h('ul', {class: 'completions', role: 'listbox', hidden: true});
  textarea.after(menu);
  let items = [];
  let selected = -1;

  const close = () => {
    menu.hidden = true;
    items = [];
    selected = -1;
  };
  const highlight = (i) => {
    selected = i;
    [...menu.children].forEach((li, j) => li.classList.toggle('selected', j === i));
  };
  const accept = (item) => {
    if (item.kind === 'history') {
      textarea.value = item.text;
      textarea.setSelectionRange(item.text.length, item.text.length);
    } else {
      const ctx = context(textarea.value, textarea.selectionStart);
      const insert = item.insert || item.text;
      const v = textarea.value;
      textarea.value = v.substring(0, ctx.start) + insert + v.substring(textarea.selectionStart);
      const caret = ctx.start + insert.length;
      textarea.setSelectionRange(caret, caret);
    }
    textarea.dispatchEvent(new Event('input'));
    close();
    textarea.focus();
  };
  const update = async () => {
    const text = textarea.value;
    const ctx = context(text, textarea.selectionStart);
    const data = {...await names()};
    if (ctx.valueLabel) data.values = await labelValues(ctx.valueLabel);
    if (textarea.value !== text) return;
    const hist = history().filter((x) => x !== text && (!text.trim() || x.startsWith(text.trim()))).slice(0, 5)
      .map((x) => ({text: x, kind: 'history'}));
    items = [...candidates(ctx, data), ...(document.activeElement === textarea ? hist : [])];
    if (!items.length) {
      close();
      return;
    }
    menu.replaceChildren(...items.map((it, i) => h('li', {role: 'option', class: 'completion kind-' + it.kind,
      onmousedown: (e) => { e.preventDefault(); accept(items[i]); }},
      h('span', {class: 'completion-text'}, it.text), h('span', {class: 'completion-kind'}, it.kind))));
    menu.hidden = false;
    highlight(-1);
  };

  textarea.addEventListener('input', () => { update(); });
  textarea.addEventListener('focus', () => { update(); });
  textarea.addEventListener('blur', () => setTimeout(close, 150));
  textarea.addEventListener('keydown', (e) => {
    if (!menu.hidden && items.length) {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        highlight((selected + 1) % items.length);
        return;
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault();
        highlight(selected <= 0 ? items.length - 1 : selected - 1);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        close();
        return;
      }
      if ((e.key === 'Tab' || e.key === 'Enter') && selected >= 0) {
        e.preventDefault();
        accept(items[selected]);
        return;
      }
      if (e.key === 'Tab' && items[0].kind !== 'history') {
        e.preventDefault();
        accept(items[0]);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      close();
      onExecute();
    }
  });
}
