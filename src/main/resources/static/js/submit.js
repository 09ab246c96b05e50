// The two submit forms. API validation errors (problem details) are shown next to the field they name.

import { ProblemError, problemFields, simulationExamples, submitLogAnalysis, submitSimulation } from './api.js';
import { el } from './dom.js';

const FALLBACK_PROGRAM = {
  tasks: {
    foo: [{ op: 'getTid', into: 'tid' },
      { op: 'print', text: "I'm foo and I am living in {tid} process" },
      { op: 'repeat', times: 5, var: 'i', body: [{ op: 'print', text: 'Foo {tid} is in {i} step' }, { op: 'yield' }] }],
    bar: [{ op: 'getTid', into: 'tid' },
      { op: 'print', text: "I'm bar and I'm living in {tid} process" },
      { op: 'spawn', task: 'foo', into: 'child' },
      { op: 'repeat', times: 3, var: 'i', body: [{ op: 'print', text: 'Bar {tid} is in {i} step' }, { op: 'yield' }] },
      { op: 'kill', tid: 1, into: 'killed' }],
  },
  start: ['foo', 'bar'],
};

const DEFAULT_SPEC = {
  mode: 'inline',
  branches: [
    { name: 'seed', where: { ipPrefix: ['83.149.9.216', '93.114.45.13', '207.241.237.101'] }, groupBy: 'ip' },
    { name: 'errors', where: { status: ['4xx', '5xx'] }, groupBy: 'path', top: 10 },
    { name: 'status', groupBy: 'status' },
    { name: 'hour', groupBy: 'hour' },
  ],
};

/** Which form field a JSON pointer from a problem detail belongs to. */
const SIMULATION_FIELDS = [
  [/^\/example\b/, 'sim-example'],
  [/^\/(program\/)?maxSteps\b/, 'sim-max-steps'],
  [/^\/(program\/)?traceLimit\b/, 'sim-trace-limit'],
  [/^\/(program|tasks|start)\b/, 'sim-program'],
];
const LOG_FIELDS = [
  [/^\/file\b/, 'log-file'],
  [/^\/(spec|branches|mode|format|where|groupBy|aggregate|top)\b/, 'log-spec'],
];

export class SubmitForms {
  #examples = [];

  constructor(onSubmitted) {
    this.onSubmitted = onSubmitted;
    this.simForm = document.getElementById('sim-form');
    this.logForm = document.getElementById('log-form');
    this.program = document.getElementById('sim-program');
    this.example = document.getElementById('sim-example');
    this.spec = document.getElementById('log-spec');
    this.program.value = JSON.stringify(FALLBACK_PROGRAM, null, 2);
    this.spec.value = JSON.stringify(DEFAULT_SPEC, null, 2);
    this.#tabs();
    this.#sourceToggles();
    this.simForm.addEventListener('submit', event => { event.preventDefault(); this.#submitSimulation(); });
    this.logForm.addEventListener('submit', event => { event.preventDefault(); this.#submitLog(); });
    document.getElementById('sim-load-example').addEventListener('click', () => this.#copyExample());
    this.#loadExamples();
  }

  async #loadExamples() {
    try {
      this.#examples = await simulationExamples();
    } catch {
      return; // keep the built-in "seed" option; the API answers for it anyway
    }
    if (this.#examples.length === 0) return;
    this.example.replaceChildren(...this.#examples.map(example => el('option', { value: example.name },
        example.description ? `${example.name}: ${example.description}` : example.name)));
    const seed = this.#examples.find(example => example.name === 'seed');
    if (seed) this.example.value = 'seed';
  }

  #copyExample() {
    const chosen = this.#examples.find(example => example.name === this.example.value);
    if (!chosen?.program) {
      showFieldError('sim-program', `The examples endpoint did not include the program of "${this.example.value}".`);
      return;
    }
    this.program.value = JSON.stringify(chosen.program, null, 2);
    document.getElementById('sim-source-program').checked = true;
    this.#syncSources();
    this.program.focus();
  }

  #tabs() {
    const tabs = [...document.querySelectorAll('#submit [role=tab]')];
    const select = tab => {
      for (const other of tabs) {
        const selected = other === tab;
        other.setAttribute('aria-selected', String(selected));
        other.tabIndex = selected ? 0 : -1;
        document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
      }
    };
    tabs.forEach((tab, index) => {
      tab.addEventListener('click', () => select(tab));
      tab.addEventListener('keydown', event => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        const next = tabs[(index + step + tabs.length) % tabs.length];
        select(next);
        next.focus();
      });
    });
  }

  #sourceToggles() {
    for (const input of document.querySelectorAll('input[name=sim-source], input[name=log-report]')) {
      input.addEventListener('change', () => this.#syncSources());
    }
    this.#syncSources();
  }

  #syncSources() {
    const useProgram = document.getElementById('sim-source-program').checked;
    this.example.disabled = useProgram;
    this.program.closest('.field').classList.toggle('inactive', !useProgram);
    const customSpec = document.getElementById('log-report-custom').checked;
    this.spec.disabled = !customSpec;
  }

  async #submitSimulation() {
    clearErrors(this.simForm);
    // maxSteps and traceLimit belong to the program; an example with options is sent as its program.
    const options = {};
    for (const [id, key] of [['sim-max-steps', 'maxSteps'], ['sim-trace-limit', 'traceLimit']]) {
      const value = document.getElementById(id).value.trim();
      if (value !== '') options[key] = Number(value);
    }
    const hasOptions = Object.keys(options).length > 0;
    const example = this.#examples.find(candidate => candidate.name === this.example.value);
    let body;
    if (document.getElementById('sim-source-program').checked) {
      const program = parseJsonField('sim-program');
      if (program === undefined) return;
      body = { program: isObject(program) ? { ...program, ...options } : program };
    } else if (hasOptions && isObject(example?.program)) {
      body = { program: { ...example.program, ...options } };
    } else {
      body = { example: this.example.value };
    }
    await this.#send(this.simForm, 'sim-status', SIMULATION_FIELDS, 'sim-program', () => submitSimulation(body));
  }

  async #submitLog() {
    clearErrors(this.logForm);
    const file = document.getElementById('log-file').files[0];
    if (!file) {
      showFieldError('log-file', 'Choose a log file to upload.');
      return;
    }
    let specText = null;
    if (document.getElementById('log-report-custom').checked) {
      if (parseJsonField('log-spec') === undefined) return;
      specText = this.spec.value;
    }
    await this.#send(this.logForm, 'log-status', LOG_FIELDS, 'log-spec', () => submitLogAnalysis(file, specText));
  }

  async #send(form, statusId, fieldMap, fallbackField, call) {
    const status = document.getElementById(statusId);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    status.textContent = 'Submitting…';
    try {
      const job = await call();
      status.replaceChildren('Submitted ', el('a', { href: `#/jobs/${job.id}` }, `job ${String(job.id).slice(0, 8)}`),
          ` (${job.state} when accepted); the table follows it.`);
      this.onSubmitted(job);
    } catch (error) {
      if (!(error instanceof ProblemError)) {
        status.textContent = `Could not submit: ${error.message}`;
        return;
      }
      const problem = error.problem;
      status.replaceChildren(el('span', { class: 'error-text' },
          `${problem.title ?? 'Rejected'} (${error.status})${problem.detail ? ': ' + problem.detail : ''}`));
      let shown = false;
      for (const { pointer, message } of problemFields(problem)) {
        const target = pointer && fieldMap.find(([pattern]) => pattern.test(pointer));
        const fieldId = target ? target[1] : (error.status === 400 ? fallbackField : null);
        if (fieldId && message) {
          showFieldError(fieldId, message, pointer);
          shown = true;
        }
      }
      if (shown) form.querySelector('[aria-invalid=true]')?.focus();
    } finally {
      button.disabled = false;
    }
  }
}

function isObject(value) {
  return value != null && typeof value === 'object' && !Array.isArray(value);
}

function parseJsonField(id) {
  const field = document.getElementById(id);
  try {
    return JSON.parse(field.value);
  } catch (error) {
    showFieldError(id, `Not valid JSON: ${error.message}`);
    field.focus();
    return undefined;
  }
}

function showFieldError(id, message, pointer) {
  const field = document.getElementById(id);
  const error = document.getElementById(`${id}-error`);
  field.setAttribute('aria-invalid', 'true');
  const existing = error.hidden ? [] : [...error.childNodes];
  const line = el('span', { class: 'error-line' }, pointer ? el('code', {}, pointer) : null, pointer ? ' ' : null, message);
  error.replaceChildren(...existing, ...(existing.length ? [el('br')] : []), line);
  error.hidden = false;
}

function clearErrors(form) {
  for (const error of form.querySelectorAll('.field-error')) { error.hidden = true; error.replaceChildren(); }
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
}
