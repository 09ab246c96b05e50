// The live jobs table: periodic list refresh plus one Server-Sent Events stream per active job.

import { deleteJob, FINAL_STATES, followJobEvents, getJob, listJobs, ProblemError } from './api.js';
import { el, formatBytes, formatDuration, formatNumber, formatTime, words } from './dom.js';

const REFRESH_MILLIS = 3000;
// Browsers allow ~6 HTTP/1.1 connections per host: keep most of them free for fetches.
const MAX_STREAMS = 3;
const STATE_RANK = { QUEUED: 0, RUNNING: 1, SUCCEEDED: 2, FAILED: 2, CANCELLED: 2 };

/** Jobs known to the page, by id; listeners hear about every change. */
export class JobStore {
  #jobs = new Map();
  #listeners = new Set();

  get(id) { return this.#jobs.get(id); }
  all() { return [...this.#jobs.values()]; }
  subscribe(listener) { this.#listeners.add(listener); }

  /** Merges what the API said about a job; a late, older answer never moves a job back in its life. */
  upsert(update) {
    if (!update || !update.id) return;
    const known = this.#jobs.get(update.id);
    if (known && (STATE_RANK[update.state] ?? 0) < (STATE_RANK[known.state] ?? 0)) return;
    const merged = { ...known, ...update };
    this.#jobs.set(update.id, merged);
    this.#emit(merged);
  }

  /** Replaces the set of listed jobs, keeping jobs submitted from this page that the page did not list yet. */
  replace(listed, keep = () => false) {
    const ids = new Set(listed.map(job => job.id));
    for (const [id, job] of this.#jobs) {
      if (!ids.has(id) && !keep(job)) { this.#jobs.delete(id); this.#emit({ id, removed: true }); }
    }
    listed.forEach(job => this.upsert(job));
  }

  remove(id) {
    if (this.#jobs.delete(id)) this.#emit({ id, removed: true });
  }

  #emit(job) { this.#listeners.forEach(listener => listener(job)); }
}

/** Follows active jobs through GET /api/v1/jobs/{id}/events and feeds what it hears into the store. */
export class JobStreams {
  #streams = new Map();

  constructor(store) {
    this.store = store;
    store.subscribe(job => {
      if (job.removed || FINAL_STATES.has(job.state)) this.#close(job.id);
    });
  }

  /** Opens streams for the newest active jobs, up to the limit. */
  follow(jobs) {
    for (const job of jobs) {
      if (this.#streams.size >= MAX_STREAMS) break;
      if (!FINAL_STATES.has(job.state) && !this.#streams.has(job.id)) this.#open(job.id);
    }
  }

  #open(id) {
    // Both event kinds carry the whole job as JSON: `state` when it changed, `progress` otherwise.
    const stop = followJobEvents(id, (name, data) => {
      if (name === 'state' || name === 'progress') this.#apply(id, data);
    }, () => {
      // The server ends the stream when the job ends; read the job once more rather than reconnect.
      if (this.#streams.get(id) !== stop) return;
      this.#streams.delete(id);
      getJob(id).then(job => this.store.upsert(job)).catch(error => {
        if (error instanceof ProblemError && error.status === 404) this.store.remove(id);
      });
    });
    this.#streams.set(id, stop);
  }

  #apply(id, data) {
    let job;
    try { job = JSON.parse(data); } catch { return; }
    if (!job || typeof job !== 'object') return;
    this.store.upsert({ ...job, id });
  }

  #close(id) {
    const stop = this.#streams.get(id);
    if (stop) { this.#streams.delete(id); stop(); }
  }
}

export function progressText(progress) {
  if (!progress || typeof progress !== 'object') return '';
  return Object.entries(progress)
      .filter(([, value]) => typeof value === 'number' || typeof value === 'string')
      .map(([key, value]) => `${words(key)} ${/bytes/i.test(key) && typeof value === 'number' ? formatBytes(value) : formatNumber(value)}`)
      .join(' · ');
}

export function durationMillis(job, now = Date.now()) {
  const start = Date.parse(job.startedAt ?? '');
  if (Number.isNaN(start)) return null;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  return end - start;
}

export function stateBadge(state) {
  return el('span', { class: `state state-${String(state).toLowerCase()}` }, state ?? '?');
}

/** The table view: one keyed row per job, so live updates never steal keyboard focus. */
export class JobsTable {
  #rows = new Map();
  #submittedHere = new Set();

  constructor(store, streams) {
    this.store = store;
    this.streams = streams;
    this.body = document.getElementById('jobs-body');
    this.empty = document.getElementById('jobs-empty');
    this.errorText = document.getElementById('jobs-error');
    this.typeFilter = document.getElementById('filter-type');
    this.stateFilter = document.getElementById('filter-state');
    store.subscribe(job => this.#update(job));
    for (const filter of [this.typeFilter, this.stateFilter]) filter.addEventListener('change', () => this.refresh());
  }

  start() {
    this.refresh();
    setInterval(() => { if (!document.hidden) this.refresh(); }, REFRESH_MILLIS);
    setInterval(() => this.#tickDurations(), 1000);
  }

  /** A job this page just submitted: shown at once, before the next list refresh. */
  added(job) {
    this.#submittedHere.add(job.id);
    this.store.upsert(job);
    this.streams.follow([job]);
  }

  async refresh() {
    try {
      const jobs = await listJobs({ type: this.typeFilter.value, state: this.stateFilter.value });
      this.store.replace(jobs, job => this.#submittedHere.has(job.id) && this.#matches(job));
      this.errorText.hidden = true;
      this.streams.follow(this.#sorted());
    } catch (error) {
      this.errorText.textContent = `Could not list jobs: ${error.message}`;
      this.errorText.hidden = false;
    }
  }

  #matches(job) {
    return (!this.typeFilter.value || job.type === this.typeFilter.value)
        && (!this.stateFilter.value || job.state === this.stateFilter.value);
  }

  #sorted() {
    return this.store.all().filter(job => this.#matches(job))
        .sort((a, b) => String(b.submittedAt ?? '').localeCompare(String(a.submittedAt ?? '')));
  }

  #update(job) {
    const row = this.#rows.get(job.id);
    if (job.removed || !this.#matches(this.store.get(job.id) ?? job)) {
      if (row) { row.remove(); this.#rows.delete(job.id); }
    } else {
      this.#fill(row ?? this.#newRow(job.id), this.store.get(job.id));
    }
    this.#order();
  }

  #newRow(id) {
    const cancel = el('button', { type: 'button', class: 'small', onclick: () => this.#delete(id) });
    const row = el('tr', { dataset: { jobId: id } },
        el('td', {}, el('a', { href: `#/jobs/${id}`, class: 'job-link' }, el('code', {}, String(id).slice(0, 8)))),
        el('td', { class: 'type' }), el('td', { class: 'state-cell' }), el('td', { class: 'submitted' }),
        el('td', { class: 'duration num' }), el('td', { class: 'progress' }), el('td', { class: 'actions' }, cancel));
    this.#rows.set(id, row);
    return row;
  }

  #fill(row, job) {
    row.querySelector('.type').textContent = job.type ?? '';
    const stateCell = row.querySelector('.state-cell');
    stateCell.dataset.state = job.state ?? '';
    stateCell.replaceChildren(stateBadge(job.state));
    row.querySelector('.submitted').textContent = formatTime(job.submittedAt);
    row.querySelector('.submitted').title = job.submittedAt ?? '';
    row.querySelector('.duration').textContent = formatDuration(durationMillis(job));
    row.querySelector('.progress').textContent = progressText(job.progress);
    const button = row.querySelector('.actions button');
    const active = !FINAL_STATES.has(job.state);
    button.textContent = active ? 'Cancel' : 'Remove';
    button.setAttribute('aria-label', `${active ? 'Cancel' : 'Remove'} job ${String(job.id).slice(0, 8)}`);
    row.classList.toggle('active', active);
  }

  #order() {
    const sorted = this.#sorted();
    sorted.forEach((job, index) => {
      const row = this.#rows.get(job.id);
      if (row && this.body.children[index] !== row) this.body.insertBefore(row, this.body.children[index] ?? null);
    });
    this.empty.hidden = sorted.length > 0;
  }

  #tickDurations() {
    for (const [id, row] of this.#rows) {
      const job = this.store.get(id);
      if (job && !FINAL_STATES.has(job.state)) row.querySelector('.duration').textContent = formatDuration(durationMillis(job));
    }
  }

  async #delete(id) {
    try {
      const answer = await deleteJob(id);
      if (answer && answer.id) this.store.upsert(answer); else this.store.remove(id);
    } catch (error) {
      if (error instanceof ProblemError && error.status === 404) this.store.remove(id);
      else { this.errorText.textContent = `Could not delete job: ${error.message}`; this.errorText.hidden = false; }
    }
  }
}
