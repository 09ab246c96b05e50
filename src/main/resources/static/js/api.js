// The REST API as the dashboard uses it. Every call goes through here, so this file doubles as a
// compact, working example of the public API.

export const JOB_TYPES = ['scheduler-simulation', 'log-analysis'];
export const FINAL_STATES = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

const SUBMIT_PATHS = {
  'scheduler-simulation': 'api/v1/jobs/scheduler-simulations',
  'log-analysis': 'api/v1/jobs/log-analysis',
};

/** An RFC 9457 problem detail answered by the API (or synthesized for a non-problem error). */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// The API key (or token) the user signed in with: kept in sessionStorage (this tab only, gone when it closes)
// and sent as `Authorization: Bearer` on every call; never put in a URL.
const KEY_STORAGE = 'corojobs.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function signIn(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
}

export function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
}

/** Fired on window when the API answers 401: the key is missing, wrong or revoked. */
export const UNAUTHORIZED_EVENT = 'corojobs:unauthorized';

function authorized(headers = {}) {
  const key = apiKey();
  return key ? { ...headers, Authorization: `Bearer ${key}` } : headers;
}

async function authorizedFetch(path, init = {}) {
  const response = await fetch(path, { ...init, headers: authorized(init.headers) });
  if (response.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
  return response;
}

/** Checks a key before keeping it: 'ok', or 'invalid' when the API refuses it (401). */
export async function checkKey(key) {
  const response = await fetch('api/v1/jobs?page=0&size=1', {
    headers: { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${key}` },
  });
  return response.status === 401 ? 'invalid' : 'ok';
}

async function request(path, { method = 'GET', body, headers = {}, accept = 'application/json, application/problem+json' } = {}) {
  const response = await authorizedFetch(path, { method, body, headers: { Accept: accept, ...headers } });
  const type = response.headers.get('Content-Type') || '';
  const payload = response.status === 204 ? null
      : type.includes('json') ? await response.json().catch(() => null)
      : await response.text();
  if (!response.ok) {
    const problem = payload && typeof payload === 'object'
        ? payload
        : { title: response.statusText, status: response.status, detail: payload || undefined };
    throw new ProblemError(response.status, problem);
  }
  return { status: response.status, headers: response.headers, body: payload };
}

/** The first page of jobs, newest first (the API answers {items, page, size, totalItems, totalPages}). */
export async function listJobs({ type, state, size = 25 } = {}) {
  const query = new URLSearchParams({ page: '0', size: String(size) });
  if (type) query.set('type', type);
  if (state) query.set('state', state);
  const { body } = await request(`api/v1/jobs?${query}`);
  return Array.isArray(body?.items) ? body.items : [];
}

export async function getJob(id) {
  return (await request(`api/v1/jobs/${encodeURIComponent(id)}`)).body;
}

/** Cancels a running job (answers it CANCELLED) or removes a finished one (answers null). */
export async function deleteJob(id) {
  return (await request(`api/v1/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' })).body;
}

/** The first `maxBytes` of a simulation's full trace (text/plain, one line per line), read as a stream. */
export async function traceText(id, maxBytes = 8 << 20) {
  const response = await authorizedFetch(traceUrl(id), { headers: { Accept: 'text/plain' } });
  if (!response.ok) throw new ProblemError(response.status, { title: response.statusText, status: response.status });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.length;
    text += decoder.decode(value, { stream: true });
    if (read >= maxBytes) {
      await reader.cancel();
      return { text: text.slice(0, text.lastIndexOf('\n') + 1), complete: false };
    }
  }
  return { text: text + decoder.decode(), complete: true };
}

export function jobEventsUrl(id) {
  return `api/v1/jobs/${encodeURIComponent(id)}/events`;
}

/**
 * Follows a job's Server-Sent Events with fetch, so the key travels in the Authorization header (an
 * EventSource cannot send headers). Calls onEvent(name, data) per event and onEnd(error) once the stream
 * ends, fails or is stopped; answers the function that stops it.
 */
export function followJobEvents(id, onEvent, onEnd) {
  const abort = new AbortController();
  (async () => {
    const response = await authorizedFetch(jobEventsUrl(id), { headers: { Accept: 'text/event-stream' }, signal: abort.signal });
    if (!response.ok) throw new ProblemError(response.status, { title: response.statusText, status: response.status });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let name = 'message';
    let data = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length) onEvent(name, data.join('\n'));
          name = 'message';
          data = [];
        } else if (line.startsWith('event:')) {
          name = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
      }
    }
  })().then(() => onEnd(null), error => onEnd(abort.signal.aborted ? null : error));
  return () => abort.abort();
}

/** Saves a simulation's full trace as a file: fetched with the key, so it cannot be a plain link. */
export async function downloadTrace(id) {
  const response = await authorizedFetch(traceUrl(id), { headers: { Accept: 'text/plain' } });
  if (!response.ok) throw new ProblemError(response.status, { title: response.statusText, status: response.status });
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: `trace-${id}.txt` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function traceUrl(id) {
  return `api/v1/jobs/${encodeURIComponent(id)}/trace`;
}

/** Built-in scheduler examples: [{name, description, program}]. */
export async function simulationExamples() {
  const { body } = await request('api/v1/scheduler-simulations/examples');
  return Array.isArray(body) ? body.filter(example => example && example.name) : [];
}

export async function submitSimulation(body) {
  return (await request(SUBMIT_PATHS['scheduler-simulation'], {
    method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' },
  })).body;
}

/** Uploads a log as multipart/form-data: part `file`, and part `spec` (JSON) unless the default report. */
export async function submitLogAnalysis(file, specText) {
  const form = new FormData();
  form.append('file', file, file.name);
  if (specText != null) form.append('spec', new Blob([specText], { type: 'application/json' }), 'spec.json');
  return (await request(SUBMIT_PATHS['log-analysis'], { method: 'POST', body: form })).body;
}

export async function prometheusText() {
  return (await request('actuator/prometheus', { accept: 'text/plain;version=0.0.4' })).body;
}

/**
 * The places a problem detail blames, as [{pointer, message}]. Reads an `errors` array or a
 * `field`/`pointer` property when the API gives one, else the JSON pointers (`/tasks/foo/2/op`) or
 * part names (`file`, `spec`) mentioned in `detail`.
 */
export function problemFields(problem) {
  if (!problem) return [];
  const fields = [];
  const pointerOf = entry => entry.pointer ?? entry.field ?? entry.path ?? entry.name ?? entry.parameter;
  if (Array.isArray(problem.errors)) {
    for (const entry of problem.errors) {
      if (typeof entry === 'string') fields.push({ pointer: firstPointer(entry), message: entry });
      else if (entry) fields.push({ pointer: normalizePointer(pointerOf(entry)), message: entry.detail ?? entry.message ?? entry.reason ?? problem.detail });
    }
  }
  const single = pointerOf(problem);
  if (fields.length === 0 && typeof single === 'string' && single) fields.push({ pointer: normalizePointer(single), message: problem.detail });
  if (fields.length === 0 && problem.detail) fields.push({ pointer: firstPointer(problem.detail), message: problem.detail });
  return fields;
}

function normalizePointer(value) {
  if (value == null) return null;
  const text = String(value);
  if (text.startsWith('/')) return text;
  // "branches[1].groupBy" or "program.tasks.foo" -> "/branches/1/groupBy"
  return '/' + text.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean).join('/');
}

const POINTER_IN_TEXT = /(?:^|[\s'"`(\[:=])((?:\/[A-Za-z0-9_\-.~$]+)+)/;
const PART_IN_TEXT = /\b(file|spec|example|program|maxSteps|traceLimit)\b/;

function firstPointer(text) {
  const pointer = POINTER_IN_TEXT.exec(text);
  if (pointer) return pointer[1];
  const part = PART_IN_TEXT.exec(text);
  return part ? '/' + part[1] : null;
}
