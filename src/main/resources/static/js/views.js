// The job detail: header, then the scheduler simulation view or the log report view.

import { downloadTrace, FINAL_STATES, traceText, traceUrl } from './api.js';
import { columns, horizontalBars } from './charts.js';
import { el, formatBytes, formatDuration, formatNumber, formatTime } from './dom.js';
import { durationMillis, progressText, stateBadge } from './jobs.js';
import { renderTimeline, taskSummaries, timelineModel } from './timeline.js';

const TRACE_LINES_SHOWN = 5000;
const TASK_ROWS_SHOWN = 200;
const TOP_SHOWN = 15;

/** Renders a job into `container`; returns a function that redraws the charts at a new width. */
export function renderJob(container, job) {
  const header = el('div', { class: 'detail-head' },
      el('dl', { class: 'facts' },
          fact('Id', el('code', {}, job.id)), fact('Type', job.type), fact('State', stateBadge(job.state)),
          fact('Submitted', formatTime(job.submittedAt)), fact('Started', formatTime(job.startedAt)),
          fact('Finished', formatTime(job.finishedAt)), fact('Duration', formatDuration(durationMillis(job))),
          fact('Progress', el('span', { id: 'detail-progress' }, progressText(job.progress) || '—'))));
  const parts = [header];
  if (job.error) parts.push(problemBox(job.error));
  if (!FINAL_STATES.has(job.state)) parts.push(el('p', { class: 'muted' }, 'Running: the result appears here when the job ends.'));
  const body = el('div', { class: 'detail-result' });
  parts.push(body);
  container.replaceChildren(...parts);
  const result = job.result ?? partialResult(job.error);
  if (!result) return () => {};
  return job.type === 'log-analysis' ? logReport(body, result, job.id) : simulationView(body, job, result);
}

function fact(name, value) {
  return el('div', {}, el('dt', {}, name), el('dd', {}, value ?? '—'));
}

function problemBox(problem) {
  const text = typeof problem === 'string' ? problem : `${problem.title ?? 'Failed'}${problem.detail ? ': ' + problem.detail : ''}`;
  return el('div', { class: 'problem', role: 'note' }, el('strong', {}, 'Error '), text);
}

/** A failed simulation keeps its partial trace; look for it in the problem detail. */
function partialResult(error) {
  if (!error || typeof error !== 'object') return null;
  if (error.partialResult && typeof error.partialResult === 'object') return error.partialResult;
  if (error.result) return error.result;
  return Array.isArray(error.trace) || error.tasks ? error : null;
}

function stats(pairs) {
  return el('dl', { class: 'stats' }, pairs.filter(([, value]) => value != null)
      .map(([name, value]) => el('div', {}, el('dt', {}, name), el('dd', {}, value))));
}

// ---- scheduler simulation --------------------------------------------------------------------------

function simulationView(container, job, result) {
  const tasks = taskSummaries(result);
  const timeline = el('div', { class: 'timeline-wrap', id: 'timeline' }, el('p', { class: 'muted' }, 'Drawing…'));
  const tracePre = el('pre', { class: 'trace', tabindex: '0', 'aria-label': 'Trace' });
  const traceNote = el('p', { class: 'muted' });
  container.replaceChildren(
      stats([['Trace lines', formatNumber(result.traceLines ?? result.trace?.length)], ['Ticks', fmt(result.ticks)],
        ['Steps', fmt(result.steps)], ['Tasks', tasks.length ? formatNumber(tasks.length) : null]]),
      el('h3', {}, 'Timeline'), timeline,
      tasks.length ? taskTable(tasks) : null,
      el('h3', {}, 'Trace'), traceNote, tracePre,
      el('p', {}, el('a', { href: traceUrl(job.id), onclick: event => {
        event.preventDefault();
        downloadTrace(job.id).catch(error => { traceNote.textContent = `Cannot download the trace: ${error.message}`; });
      } }, 'Full trace as text/plain')));

  let model = null;
  const sourcePicker = el('select', { id: 'timeline-source' });
  const picker = el('p', { class: 'timeline-source', hidden: true },
      el('label', { for: 'timeline-source' }, 'Draw from '), sourcePicker);
  timeline.before(picker);
  let models = [];
  sourcePicker.addEventListener('change', () => { model = models[Number(sourcePicker.value)]; draw(); });
  const draw = () => { if (model) renderTimeline(timeline, model); };
  const show = lines => {
    const shown = lines.slice(0, TRACE_LINES_SHOWN);
    tracePre.textContent = shown.map((line, i) => `${String(i + 1).padStart(5)}  ${line}`).join('\n');
    const total = result.traceLines ?? lines.length;
    traceNote.textContent = `Showing ${formatNumber(shown.length)} of ${formatNumber(total)} lines.`;
    models = timelineChoices(result, lines);
    model = models[0];
    sourcePicker.replaceChildren(...models.map((choice, index) => el('option', { value: String(index) }, choice.title)));
    picker.hidden = models.length < 2;
    draw();
  };
  const kept = Array.isArray(result.trace) ? result.trace : [];
  const total = result.traceLines ?? kept.length;
  if (total <= kept.length) {
    show(kept);
  } else {
    // The result keeps only the first traceLimit lines: draw the timeline from the full trace (first 8 MiB).
    show(kept);
    traceText(job.id).then(({ text }) => show(text.split('\n').filter(line => line !== ''))).catch(() => {});
  }
  return draw;
}

/**
 * The timeline's sources, best first. The simulation records only its first events; when that covers less
 * of the run than the trace does (10,000 tasks spawned at tick 0 fill it at once), the trace comes first.
 */
function timelineChoices(result, lines) {
  const recorded = timelineModel(result, lines);
  if (recorded.source !== 'events' || !recorded.truncated || lines.length === 0) return [recorded];
  const fromTrace = timelineModel({ ...result, timeline: undefined, events: undefined }, lines);
  recorded.title = `scheduler events (first ${formatNumber(recorded.events.length)}, up to tick ${formatNumber(recorded.xMax)})`;
  fromTrace.title = `trace lines (${formatNumber(lines.length)})`;
  const recordedShare = recorded.xMax / Math.max(1, result.ticks ?? recorded.xMax);
  const traceShare = lines.length / Math.max(1, result.traceLines ?? lines.length);
  return traceShare > recordedShare ? [fromTrace, recorded] : [recorded, fromTrace];
}

function fmt(value) {
  return value == null ? null : formatNumber(value);
}

function taskTable(tasks) {
  const rows = tasks.slice(0, TASK_ROWS_SHOWN).map(task => el('tr', {},
      el('td', { class: 'num' }, String(task.tid)), el('td', {}, task.name), el('td', {}, String(task.state ?? '')),
      el('td', { class: 'num' }, task.steps == null ? '—' : formatNumber(task.steps)), el('td', {}, String(task.ended ?? ''))));
  return el('details', { class: 'tasks' },
      el('summary', {}, `Tasks (${formatNumber(tasks.length)}${tasks.length > TASK_ROWS_SHOWN ? `, first ${TASK_ROWS_SHOWN} shown` : ''})`),
      el('div', { class: 'table-wrap' }, el('table', {},
          el('thead', {}, el('tr', {}, ['Tid', 'Task', 'State', 'Steps', 'Ended'].map(h => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, rows))));
}

// ---- log report -------------------------------------------------------------------------------------

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];

const PANELS = [
  ['visitors', 'Unique visitors per day'], ['requests', 'Requested files (URLs)'], ['static_requests', 'Static requests'],
  ['not_found', 'Not found URLs (404s)'], ['hosts', 'Visitor hostnames and IPs'], ['os', 'Operating systems'],
  ['browsers', 'Browsers'], ['visit_time', 'Time distribution'], ['referring_sites', 'Referring sites'],
  ['referrers', 'Referrer URLs'], ['status_codes', 'HTTP status codes']];
const PANEL_ROWS_SHOWN = 10;

function logReport(container, result, jobId) {
  if (!result.report) return branchesReport(container, result);
  const report = result.report;
  const general = report.general ?? {};
  const lines = result.lines ?? {};
  const charts = [];
  const holder = (id, chartOf) => {
    const chart = el('div', { class: 'chart', id });
    charts.push(() => chart.replaceChildren(chartOf(Math.max(280, chart.clientWidth || 600))));
    return chart;
  };
  const parts = [stats([['Requests', fmt(general.total_requests)], ['Valid', fmt(general.valid_requests)],
    ['Failed', fmt(general.failed_requests)], ['Excluded', fmt(general.excluded_hits)],
    ['Unique visitors', fmt(general.unique_visitors)], ['Files', fmt(general.unique_files)],
    ['Static files', fmt(general.unique_static_files)], ['Not found', fmt(general.unique_not_found)],
    ['Bandwidth', typeof general.bandwidth === 'number' ? formatBytes(general.bandwidth) : null],
    ['Dates', general.start_date ? `${general.start_date} – ${general.end_date}` : null]])];
  if (jobId) {
    parts.push(el('p', { class: 'report-links' },
        el('a', { href: `/api/v1/jobs/${encodeURIComponent(jobId)}/report.html`, target: '_blank', rel: 'noopener' }, 'HTML report'),
        ...PANELS.map(([panel]) => el('a', { href: `/api/v1/jobs/${encodeURIComponent(jobId)}/report.csv?panel=${panel}` }, `${panel}.csv`))));
  }
  const grid = el('div', { class: 'chart-grid' });
  for (const [panel, title] of PANELS) {
    const rows = report[panel]?.data ?? [];
    const total = report[panel]?.metadata?.data?.total?.value ?? rows.length;
    let chart;
    if (panel === 'visitors' || panel === 'visit_time') {
      const ordered = panel === 'visitors' ? [...rows].reverse() : rows;
      chart = holder(`${panel}-chart`, width => columns(ordered.map(row => [row.data, row.hits?.count ?? 0]),
          { width, title, labelFormat: panel === 'visit_time' ? hourLabel : dayLabel }));
    } else if (panel === 'status_codes') {
      chart = holder('status-chart', width => horizontalBars(rows.map(row => [String(row.data).slice(0, 3), row.hits?.count ?? 0]),
          { width, title: 'Responses by status class', classOf: label => `status-${label}` }));
    } else {
      chart = holder(`${panel}-chart`, width => horizontalBars(rows.slice(0, PANEL_ROWS_SHOWN).map(row => [row.data, row.hits?.count ?? 0]),
          { width, title: `Top ${Math.min(PANEL_ROWS_SHOWN, rows.length)} of ${title}` }));
    }
    grid.append(el('section', { class: 'chart-card', id: `panel-${panel}`, 'aria-labelledby': `${panel}-title` },
        el('h3', { id: `${panel}-title` }, title),
        el('p', { class: 'muted' }, `${formatNumber(total)} rows${rows.length < total ? `, first ${formatNumber(rows.length)} kept` : ''}.`),
        rows.length ? chart : null, rows.length ? panelTable(panel, rows) : el('p', { class: 'muted' }, 'No rows.')));
  }
  parts.push(grid);
  const branches = Object.entries(result.branches ?? {});
  if (branches.length) {
    const branchHolder = el('div');
    parts.push(el('h3', {}, 'Branches'), branchHolder);
    charts.push(branchesReport(branchHolder, { branches: result.branches, lines: {} }, false));
  }
  parts.push(samplesTable(lines.samples ?? []));
  container.replaceChildren(...parts);
  const draw = () => charts.forEach(chart => chart());
  draw();
  return draw;
}

function dayLabel(key) {
  const text = String(key);
  return /^\d{8}$/.test(text) ? `${text.slice(6, 8)}/${text.slice(4, 6)}` : text;
}

function panelTable(panel, rows) {
  const requests = ['requests', 'static_requests', 'not_found'].includes(panel);
  const line = (row, rowClass, keyClass) => el('tr', rowClass ? { class: rowClass } : {},
      el('td', { class: keyClass }, String(row.data ?? '')),
      el('td', { class: 'num' }, formatNumber(row.hits?.count ?? 0)),
      el('td', { class: 'num' }, formatNumber(row.visitors?.count ?? 0)),
      el('td', { class: 'num' }, formatBytes(row.bytes?.count ?? 0)),
      requests ? el('td', {}, `${row.method ?? ''} ${row.protocol ?? ''}`) : null);
  const body = [];
  for (const row of rows.slice(0, PANEL_ROWS_SHOWN)) {
    body.push(line(row, Array.isArray(row.items) ? 'group' : '', 'key'));
    for (const item of (row.items ?? []).slice(0, 5)) body.push(line(item, '', 'key item'));
  }
  return el('div', { class: 'table-wrap' }, el('table', { class: 'panel-rows', id: `panel-table-${panel}` },
      el('thead', {}, el('tr', {}, [panel === 'visitors' ? 'Date' : 'Key', 'Hits', 'Visitors', 'Bytes', requests ? 'Request' : null]
          .filter(Boolean).map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, body)));
}

function branchesReport(container, result, withLines = true) {
  const branches = Object.entries(result.branches ?? {});
  const lines = result.lines ?? {};
  const statusBranch = branches.find(([name]) => name === 'status')
      ?? branches.find(([, branch]) => Object.keys(branch.counts ?? {}).length > 0
          && Object.keys(branch.counts).every(key => /^\d{3}$/.test(key)));
  const hourBranch = branches.find(([name]) => name === 'hour');
  const charts = [];
  const section = (title, id, chartOf, extra) => {
    const holder = el('div', { class: 'chart', id });
    charts.push(() => holder.replaceChildren(chartOf(Math.max(280, holder.clientWidth || 600))));
    return el('section', { class: 'chart-card', 'aria-labelledby': `${id}-title` },
        el('h3', { id: `${id}-title` }, title), extra, holder);
  };

  const parts = withLines ? [stats([['Lines read', fmt(lines.read)], ['Parsed', fmt(lines.parsed)], ['Malformed', fmt(lines.malformed)],
    ['Bytes', typeof result.bytes === 'number' ? formatBytes(result.bytes) : null]])] : [];
  const grid = el('div', { class: 'chart-grid' });
  if (statusBranch) {
    const classes = statusClasses(statusBranch[1].counts ?? {});
    grid.append(section('Status classes', 'status-chart', width => horizontalBars(classes,
        { width, title: 'Responses by status class', classOf: label => `status-${label}` })));
  }
  if (hourBranch) {
    const hours = Object.entries(hourBranch[1].counts ?? {}).sort(([a], [b]) => hourOrder(a) - hourOrder(b) || a.localeCompare(b));
    grid.append(section('Requests per hour', 'hour-chart', width => columns(hours,
        { width, title: 'Requests per hour', labelFormat: hourLabel })));
  }
  branches.forEach(([name, branch], index) => {
    const counts = Object.entries(branch.counts ?? {});
    const top = counts.slice(0, TOP_SHOWN);
    const distinct = branch.distinct ?? counts.length;
    grid.append(section(`Branch “${name}”`, `branch-chart-${index}`,
        width => horizontalBars(top, { width, title: `Top ${top.length} of branch ${name}` }),
        el('p', { class: 'muted' }, `Top ${top.length} of ${formatNumber(distinct)} distinct keys.`)));
  });
  parts.push(grid);
  if (withLines) parts.push(samplesTable(lines.samples ?? result.malformedSamples ?? []));
  container.replaceChildren(...parts);
  const draw = () => charts.forEach(chart => chart());
  draw();
  return draw;
}

function statusClasses(counts) {
  const totals = new Map(STATUS_CLASSES.map(name => [name, 0]));
  for (const [key, value] of Object.entries(counts)) {
    const name = /^\dxx$/.test(key) ? key : `${String(key)[0]}xx`;
    if (totals.has(name)) totals.set(name, totals.get(name) + value);
  }
  return [...totals].filter(([name, value]) => value > 0 || name !== '1xx');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LOG_HOUR = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2})/; // the log's own format: 17/May/2015:10
const ISO_HOUR = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2})/;

/** Hour keys sort by time, not by text ("01/Jun" comes after "31/May"). */
function hourOrder(key) {
  let match = LOG_HOUR.exec(key);
  if (match) return Date.UTC(+match[3], MONTHS.indexOf(match[2]), +match[1], +match[4]);
  match = ISO_HOUR.exec(key);
  if (match) return Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4]);
  return /^\d{1,2}$/.test(key) ? Number(key) : 0;
}

function hourLabel(key) {
  let match = LOG_HOUR.exec(key);
  if (match) return `${match[1]} ${match[2]} ${match[4]}h`;
  match = ISO_HOUR.exec(key);
  if (match) return `${match[3]}/${match[2]} ${match[4]}h`;
  return /^\d{1,2}$/.test(key) ? `${key}h` : key;
}

function samplesTable(samples) {
  if (!Array.isArray(samples) || samples.length === 0) {
    return el('p', { class: 'muted' }, 'No malformed lines.');
  }
  const rows = samples.map(sample => {
    const object = sample && typeof sample === 'object';
    const number = object ? sample.line ?? sample.lineNumber ?? sample.number ?? '' : '';
    const text = object ? sample.text ?? sample.content ?? sample.raw ?? JSON.stringify(sample) : sample;
    return el('tr', {}, el('td', { class: 'num' }, String(number)), el('td', {}, object ? String(sample.reason ?? '') : ''),
        el('td', {}, el('code', { class: 'sample' }, String(text))));
  });
  return el('section', { class: 'samples', 'aria-labelledby': 'samples-title' },
      el('h3', { id: 'samples-title' }, 'Malformed line samples'),
      el('div', { class: 'table-wrap' }, el('table', {},
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Line'), el('th', { scope: 'col' }, 'Reason'),
              el('th', { scope: 'col' }, 'Text'))),
          el('tbody', {}, rows))));
}
