// Entry point of every page: draws the navigation bar and runs the page named by <body data-page>.
import {h, render, errorBox} from './util.js';
import * as pages from './pages.js';
import {graphPage} from './graph.js';

const page = document.body.dataset.page;
const agent = document.body.dataset.mode === 'agent';

const STATUS_SERVER = [
  ['status', 'Runtime & Build Information'],
  ['tsdb-status', 'TSDB Status'],
  ['flags', 'Command-Line Flags'],
  ['config', 'Configuration'],
  ['rules', 'Rules'],
  ['targets', 'Targets'],
  ['service-discovery', 'Service Discovery'],
];
const STATUS_AGENT = [
  ['status', 'Runtime & Build Information'],
  ['flags', 'Command-Line Flags'],
  ['config', 'Configuration'],
  ['targets', 'Targets'],
  ['service-discovery', 'Service Discovery'],
];

function navBar() {
  const link = (href, text) => h('a', {href, class: page === href ? 'active' : null}, text);
  const status = agent ? STATUS_AGENT : STATUS_SERVER;
  const statusActive = status.some(([p]) => p === page);
  return [
    h('a', {class: 'brand', href: agent ? 'agent' : 'graph'}, agent ? 'Ignis Agent' : 'Ignis'),
    agent ? null : link('alerts', 'Alerts'),
    agent ? null : link('graph', 'Graph'),
    h('div', {class: 'dropdown' + (statusActive ? ' active' : ''), tabindex: '0'},
      h('span', {class: 'dropdown-toggle'}, 'Status ▾'),
      h('div', {class: 'dropdown-menu'}, status.map(([p, t]) => link(p, t)))),
    h('a', {href: 'https://prometheus.io/docs/prometheus/2.42/getting_started/', target: '_blank', rel: 'noopener'},
      'Help'),
  ];
}

const PAGES = {
  graph: graphPage,
  alerts: pages.alertsPage,
  rules: pages.rulesPage,
  targets: pages.targetsPage,
  'service-discovery': pages.serviceDiscoveryPage,
  status: pages.statusPage,
  flags: pages.flagsPage,
  config: pages.configPage,
  'tsdb-status': pages.tsdbStatusPage,
  agent: pages.agentPage,
};

document.getElementById('topbar').replaceChildren(...navBar().filter((x) => x));
const run = PAGES[page];
if (run) {
  Promise.resolve().then(() => run({agent})).catch((e) => render(errorBox(e, 'This page failed')));
} else {
  render(errorBox(new Error(`unknown page ${page}`)));
}
