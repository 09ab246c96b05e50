// Runtime panel: task, job and TCP figures read from the Prometheus text exposition.

import { prometheusText } from './api.js';
import { el, formatNumber } from './dom.js';

const REFRESH_MILLIS = 5000;
const TASK_KINDS = ['simulation', 'pipeline', 'tcp'];
const TASK_STATES = ['ready', 'running', 'suspended'];
const JOB_STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

/** Parses `name{label="value",...} number` lines into [{name, labels, value}]; skips comments. */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of String(text).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = {};
    for (const label of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[label[1]] = label[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

function sum(samples, name, filter = () => true) {
  const matching = samples.filter(sample => sample.name === name && filter(sample.labels));
  return matching.length ? matching.reduce((total, sample) => total + sample.value, 0) : null;
}

export class RuntimePanel {
  constructor() {
    this.body = document.getElementById('runtime-body');
    this.updated = document.getElementById('runtime-updated');
  }

  start() {
    this.refresh();
    setInterval(() => { if (!document.hidden) this.refresh(); }, REFRESH_MILLIS);
  }

  async refresh() {
    let samples;
    try {
      samples = parsePrometheus(await prometheusText());
    } catch (error) {
      this.body.replaceChildren(el('p', { class: 'error-text' }, `Metrics unavailable: ${error.message}`));
      return;
    }
    this.updated.textContent = `Updated ${new Date().toLocaleTimeString([], { hour12: false })}.`;
    this.body.replaceChildren(this.#tasks(samples), this.#jobs(samples), this.#tcp(samples));
  }

  #tasks(samples) {
    const cell = (kind, state) => formatNumber(sum(samples, 'corojobs_tasks', l => l.kind === kind && l.state === state) ?? 0);
    const known = samples.some(sample => sample.name === 'corojobs_tasks');
    return el('div', { class: 'metric-block' },
        el('h3', {}, 'Coroutine tasks alive'),
        known ? null : el('p', { class: 'muted' }, 'No task is registered yet.'),
        el('div', { class: 'table-wrap' }, el('table', { class: 'compact', id: 'runtime-tasks' },
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Kind'), TASK_STATES.map(s => el('th', { scope: 'col', class: 'num', title: s }, s === 'suspended' ? 'susp.' : s)),
                el('th', { scope: 'col', class: 'num' }, 'spawned'), el('th', { scope: 'col', class: 'num' }, 'ended'))),
            el('tbody', {}, TASK_KINDS.map(kind => el('tr', {},
                el('th', { scope: 'row' }, kind), TASK_STATES.map(state => el('td', { class: 'num' }, cell(kind, state))),
                el('td', { class: 'num' }, formatNumber(sum(samples, 'corojobs_tasks_spawned_total', l => l.kind === kind) ?? 0)),
                el('td', { class: 'num' }, formatNumber(sum(samples, 'corojobs_tasks_finished_total', l => l.kind === kind) ?? 0))))))));
  }

  #jobs(samples) {
    const known = samples.some(sample => sample.name === 'corojobs_jobs');
    return el('div', { class: 'metric-block' },
        el('h3', {}, 'Jobs by state'),
        known ? el('ul', { class: 'chips', id: 'runtime-jobs' }, JOB_STATES.map(state => {
          const count = sum(samples, 'corojobs_jobs', l => String(l.state).toUpperCase() === state) ?? 0;
          return el('li', { class: `state state-${state.toLowerCase()}` }, `${state} ${formatNumber(count)}`);
        })) : el('p', { class: 'muted' }, 'Not reported (corojobs_jobs).'));
  }

  #tcp(samples) {
    const open = sum(samples, 'corojobs_tcp_connections');
    const accepted = sum(samples, 'corojobs_tcp_connections_accepted_total');
    const rejected = sum(samples, 'corojobs_tcp_connections_rejected_total');
    return el('div', { class: 'metric-block' },
        el('h3', {}, 'TCP server'),
        open == null && accepted == null ? el('p', { class: 'muted' }, 'Not reported (corojobs_tcp_connections).')
            : el('dl', { class: 'stats', id: 'runtime-tcp' },
                el('div', {}, el('dt', {}, 'Open'), el('dd', {}, formatNumber(open ?? 0))),
                el('div', {}, el('dt', {}, 'Accepted'), el('dd', {}, formatNumber(accepted ?? 0))),
                el('div', {}, el('dt', {}, 'Rejected'), el('dd', {}, formatNumber(rejected ?? 0)))));
  }
}
