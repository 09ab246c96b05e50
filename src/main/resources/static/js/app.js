// Entry point: wires the jobs table, the submit forms, the runtime panel and the job detail route
// (#/jobs/{id}).

import { apiKey, checkKey, FINAL_STATES, getJob, ProblemError, signIn, signOut, UNAUTHORIZED_EVENT } from './api.js';
import { debounce, el } from './dom.js';
import { JobsTable, JobStore, JobStreams, progressText } from './jobs.js';
import { RuntimePanel } from './runtime.js';
import { SubmitForms } from './submit.js';
import { renderJob } from './views.js';

const store = new JobStore();
const streams = new JobStreams(store);
let table = null;

/** Starts the panels once there is a key: each of them calls the API at once. */
function startDashboard() {
  if (table) return;
  table = new JobsTable(store, streams);
  new SubmitForms(job => table.added(job));
  table.start();
  new RuntimePanel().start();
  window.addEventListener('hashchange', route);
  window.addEventListener('resize', debounce(() => shown.redraw()));
  route();
}

const signin = document.getElementById('signin');
const signinForm = document.getElementById('signin-form');
const signinKey = document.getElementById('signin-key');
const signinError = document.getElementById('signin-error');
const signout = document.getElementById('signout');
const dashboard = document.getElementById('dashboard');

function showSignIn(message) {
  signin.hidden = false;
  dashboard.hidden = true;
  signout.hidden = true;
  signinError.hidden = !message;
  signinError.textContent = message ?? '';
  signinKey.focus();
}

function showDashboard() {
  signin.hidden = true;
  dashboard.hidden = false;
  signout.hidden = false;
  startDashboard();
}

signinForm.addEventListener('submit', async event => {
  event.preventDefault();
  const key = signinKey.value.trim();
  if (!key) return showSignIn('Enter an API key or a token.');
  try {
    if (await checkKey(key) === 'invalid') return showSignIn('This key or token was refused.');
  } catch (error) {
    return showSignIn(`Cannot reach the service: ${error.message}`);
  }
  signIn(key);
  signinKey.value = '';
  showDashboard();
});

signout.addEventListener('click', () => {
  signOut();
  showSignIn();
});

window.addEventListener(UNAUTHORIZED_EVENT, () => {
  if (!apiKey()) return;
  signOut();
  showSignIn('The key was refused: sign in again.');
});

const detail = document.getElementById('job-detail');
const detailBody = document.getElementById('detail-body');
const detailTitle = document.getElementById('detail-title');
let shown = { id: null, state: null, redraw: () => {} };
// The list's items have no `result`: the id of the job whose final state was read from GET /api/v1/jobs/{id}.
let finalFetched = null;

function routeId() {
  const match = /^#\/jobs\/([^/?#]+)/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

async function route() {
  const id = routeId();
  if (!id) {
    detail.hidden = true;
    shown = { id: null, state: null, redraw: () => {} };
    return;
  }
  detail.hidden = false;
  detailTitle.textContent = `Job ${id.slice(0, 8)}`;
  detailBody.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  detail.focus({ preventScroll: true });
  try {
    const job = await getJob(id);
    if (FINAL_STATES.has(job.state)) finalFetched = job.id;
    store.upsert(job);
    show(store.get(id) ?? job);
    streams.follow([job]);
  } catch (error) {
    const message = error instanceof ProblemError && error.status === 404 ? 'No such job (it may have been removed).' : error.message;
    detailBody.replaceChildren(el('p', { class: 'error-text' }, message));
  }
  // Scroll once the detail has its content: scrolling to the empty "Loading…" box left it far below the fold
  // when the content above it grew meanwhile.
  requestAnimationFrame(() => { if (routeId() === id) detail.scrollIntoView({ block: 'start' }); });
}

function show(job) {
  shown = { id: job.id, state: job.state, hasResult: job.result != null, redraw: () => {} };
  shown.redraw = renderJob(detailBody, job);
}

/** Reads the shown job once it has ended, for its result: list items and progress events do not carry it. */
function fetchFinal(id) {
  if (finalFetched === id) return;
  finalFetched = id;
  getJob(id).then(job => store.upsert(job)).catch(error => {
    if (error instanceof ProblemError && error.status === 404) store.remove(id);
  });
}

// Redraw the open job when its state changes (and once more when a final job's result arrives).
store.subscribe(job => {
  if (job.id !== shown.id || job.removed) return;
  const current = store.get(job.id);
  if (current.state !== shown.state || (FINAL_STATES.has(current.state) && !shown.hasResult && current.result != null)) {
    show(current);
  } else {
    const progress = document.getElementById('detail-progress');
    if (progress) progress.textContent = progressText(current.progress) || '—';
  }
  if (FINAL_STATES.has(current.state) && current.result == null) fetchFinal(current.id);
});

if (apiKey()) showDashboard();
else showSignIn();
