// The scheduler timeline: one lane per task, a mark per step, spawns/kills/waits/terminations marked.
// Built from structured events when the result has them (`timeline` or `events`), otherwise derived
// from the trace lines and the per-task summaries. Beyond LANE_LIMIT tasks, lanes are aggregated into
// tid ranges and marks into time bins (a heat strip); a range's label zooms into it.

import { el, formatNumber, svg } from './dom.js';

export const LANE_LIMIT = 40;
const MAX_MARKS = 4000;
const KIND_ALIASES = {
  step: 'step', run: 'step', resume: 'step', yield: 'step', print: 'step', ran: 'step',
  spawn: 'spawn', spawned: 'spawn', newtask: 'spawn', created: 'spawn', start: 'spawn', started: 'spawn',
  kill: 'kill', killed: 'kill', killtask: 'kill', cancelled: 'kill', canceled: 'kill',
  wait: 'wait', waiting: 'wait', waittask: 'wait', waited: 'wait',
  sleep: 'sleep', sleeping: 'sleep',
  exit: 'exit', exited: 'exit', terminated: 'exit', finished: 'exit', completed: 'exit', ended: 'exit', failed: 'exit',
};

/** Per-task summaries from the result, normalized to {tid, name, state, steps, ended}. */
export function taskSummaries(result) {
  const raw = result?.tasks ?? result?.taskSummaries ?? result?.summaries ?? [];
  const list = Array.isArray(raw) ? raw : Object.entries(raw).map(([tid, value]) => ({ tid: Number(tid), ...value }));
  return list.map(task => ({
    tid: Number(task.tid ?? task.id),
    name: task.task ?? task.name ?? task.taskName ?? '',
    state: task.state ?? task.status ?? '',
    steps: task.steps ?? task.stepCount ?? null,
    ended: task.ended ?? task.outcome ?? task.end ?? task.endedBy ?? task.how ?? task.exit ?? '',
    parent: task.parent ?? task.parentTid ?? null,
  })).filter(task => Number.isFinite(task.tid)).sort((a, b) => a.tid - b.tid);
}

/** Builds {lanes, events, xMax, unit, source} from a simulation result and its trace lines. */
export function timelineModel(result, traceLines = []) {
  const summaries = taskSummaries(result);
  const lanes = new Map(summaries.map(task => [task.tid, task]));
  const structured = structuredEvents(result?.timeline ?? result?.events);
  const events = structured ?? eventsFromTrace(traceLines, lanes, summaries);
  for (const event of events) {
    if (!lanes.has(event.tid)) lanes.set(event.tid, { tid: event.tid, name: '', state: '', steps: null, ended: '' });
    if (event.kind === 'exit' && !event.outcome) {
      event.outcome = outcomeOf(lanes.get(event.tid).ended);
      if (event.outcome !== 'completed') event.label += ` (${event.outcome})`;
    }
  }
  let xMax = 0;
  for (const event of events) if (event.x > xMax) xMax = event.x;
  return {
    lanes: [...lanes.values()].sort((a, b) => a.tid - b.tid),
    events,
    truncated: Boolean(structured && (result?.timeline?.truncated ?? result?.events?.truncated)),
    xMax,
    unit: structured ? 'tick' : 'trace line',
    source: structured ? 'events' : 'trace',
  };
}

function structuredEvents(raw) {
  if (!raw) return null;
  const rows = Array.isArray(raw) ? raw : columnsToRows(raw);
  if (!rows || rows.length === 0) return null;
  const events = [];
  for (const row of rows) {
    const item = Array.isArray(row) ? { tick: row[0], tid: row[1], event: row[2], target: row[3] } : row;
    const kind = KIND_ALIASES[String(item.event ?? item.kind ?? item.type ?? item.op ?? '').toLowerCase()];
    const tid = Number(item.tid ?? item.task);
    const x = Number(item.tick ?? item.t ?? item.time ?? item.step ?? item.seq ?? events.length);
    if (!kind || !Number.isFinite(tid)) continue;
    const rawTarget = item.target ?? item.child ?? item.waitsFor ?? item.killed ?? null;
    const target = rawTarget == null || Number(rawTarget) < 0 ? null : rawTarget;
    events.push({ x, tid, kind, label: describe(kind, tid, target, item), outcome: item.outcome ? outcomeOf(item.outcome) : undefined });
    // A spawn is recorded on the parent's lane; mark the child's start on its own lane too.
    if (kind === 'spawn' && target != null && Number.isFinite(Number(target))) {
      events.push({ x, tid: Number(target), kind: 'spawn', label: `Task ${target} spawned by task ${tid}` });
    }
  }
  return events.length ? events : null;
}

function columnsToRows(columns) {
  const pick = (...names) => names.map(name => columns[name]).find(Array.isArray);
  const ticks = pick('tick', 'ticks', 't');
  const tids = pick('tid', 'tids');
  const kinds = pick('event', 'events', 'kind', 'kinds');
  if (!ticks || !tids || !kinds) return null;
  const targets = pick('target', 'targets') ?? [];
  return ticks.map((tick, i) => ({ tick, tid: tids[i], event: kinds[i], target: targets[i] }));
}

function describe(kind, tid, target, item) {
  const suffix = target != null ? ` ${target}` : '';
  switch (kind) {
    case 'exit': return `Task ${tid} terminated${item.outcome ? ` (${item.outcome})` : ''}`;
    case 'spawn': return target != null ? `Task ${tid} spawned task${suffix}` : `Task ${tid} started`;
    case 'kill': return `Task ${tid} killed task${suffix}`;
    case 'wait': return `Task ${tid} waits for task${suffix}`;
    case 'sleep': return `Task ${tid} sleeps${item.ticks != null ? ` ${item.ticks} ticks` : ''}`;
    default: return item.text ? `Task ${tid}: ${item.text}` : `Task ${tid} step`;
  }
}

const TERMINATED = /^Task (\d+) terminated\b/;
const INTEGER = /\b\d+\b/g;
const LEADING_NAME = /^([A-Za-z_][\w-]*)\b[:\s]*(\d+)?/;
const VERBS = [[/\b(kills|killing)\b/i, 'kill'], [/\b(waits|waiting)\b/i, 'wait'], [/\b(sleeps|sleeping)\b/i, 'sleep']];

/**
 * Degraded mode: the x axis is the trace line number. "Task N terminated" marks an exit. Any other line
 * belongs to the task whose name starts it ("guard kills task 2" is the guard's; "Foo 3 is in 1 step" is
 * task 3, a foo), else to the first known tid it mentions ("I'm bar and I'm living in 2 process");
 * "kills", "waits" and "sleeps" in it mark a kill, wait or sleep.
 */
function eventsFromTrace(lines, lanes, summaries) {
  const known = new Set(lanes.keys());
  for (const line of lines) {
    const match = TERMINATED.exec(line);
    if (match) known.add(Number(match[1]));
  }
  const tidsByName = new Map();
  for (const task of summaries) {
    if (!task.name) continue;
    const key = task.name.toLowerCase();
    if (!tidsByName.has(key)) tidsByName.set(key, []);
    tidsByName.get(key).push(task.tid);
  }
  const endedHow = new Map(summaries.map(task => [task.tid, task.ended || task.state]));
  const seen = new Set();
  const events = [];
  lines.forEach((line, x) => {
    const terminated = TERMINATED.exec(line);
    if (terminated) {
      const tid = Number(terminated[1]);
      const outcome = outcomeOf(endedHow.get(tid));
      events.push({ x, tid, kind: 'exit', label: outcome === 'completed' ? line : `${line} (${outcome})`, outcome });
      return;
    }
    const tid = taskOfLine(line, tidsByName, known);
    if (tid == null) return;
    if (!seen.has(tid)) {
      seen.add(tid);
      const parent = lanes.get(tid)?.parent;
      events.push({ x, tid, kind: 'spawn', label: parent != null ? `Task ${tid} spawned by task ${parent}` : `Task ${tid} first seen: ${line}` });
      if (parent != null && lanes.has(parent)) events.push({ x, tid: parent, kind: 'spawn', label: `Task ${parent} spawned task ${tid}` });
    }
    const verb = VERBS.find(([pattern]) => pattern.test(line));
    events.push({ x, tid, kind: verb ? verb[1] : 'step', label: line });
  });
  return events;
}

function outcomeOf(how) {
  const text = String(how ?? '').toLowerCase();
  return /kill|cancel/.test(text) ? 'killed' : /fail/.test(text) ? 'failed' : 'completed';
}

function taskOfLine(line, tidsByName, known) {
  const lead = LEADING_NAME.exec(line);
  const named = lead && tidsByName.get(lead[1].toLowerCase());
  if (named) {
    if (named.length === 1) return named[0];
    const number = lead[2] != null ? Number(lead[2]) : null;
    if (number != null && named.includes(number)) return number;
  }
  for (const number of line.match(INTEGER) ?? []) {
    if (known.has(Number(number))) return Number(number);
  }
  return null;
}

/** Renders the model into `container`, sized to its width; `range` = [fromIndex, toIndex) of lanes shown. */
export function renderTimeline(container, model, range = [0, model.lanes.length]) {
  const [from, to] = range;
  const shownLanes = model.lanes.slice(from, to);
  const aggregated = shownLanes.length > LANE_LIMIT;
  const groupSize = aggregated ? Math.ceil(shownLanes.length / LANE_LIMIT) : 1;
  const groups = [];
  for (let i = 0; i < shownLanes.length; i += groupSize) {
    groups.push({ start: from + i, end: Math.min(from + i + groupSize, to), lanes: shownLanes.slice(i, i + groupSize) });
  }
  const groupOfTid = new Map();
  groups.forEach((group, index) => group.lanes.forEach(lane => groupOfTid.set(lane.tid, index)));

  // clientWidth includes the padding, which the chart must not overflow into
  const style = getComputedStyle(container);
  const inner = container.clientWidth - parseFloat(style.paddingLeft || 0) - parseFloat(style.paddingRight || 0);
  const width = Math.max(300, Math.floor(inner) || 800);
  const labelWidth = Math.round(Math.min(132, Math.max(80, width * 0.2)));
  const laneHeight = aggregated ? 16 : 26;
  const top = 22;
  // room right of the last tick for half of its label and for an end mark
  const plotWidth = width - labelWidth - 24;
  const height = top + groups.length * laneHeight + 26;
  const xMax = Math.max(1, model.xMax);
  const xOf = x => labelWidth + (x / xMax) * plotWidth;

  const events = model.events.filter(event => groupOfTid.has(event.tid));
  const binned = aggregated || events.length > MAX_MARKS;
  const chart = svg('svg', {
    class: 'timeline', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Timeline of ${formatNumber(shownLanes.length)} tasks over ${formatNumber(model.xMax + 1)} ${model.unit}s`
        + (aggregated ? `, aggregated into ${groups.length} lanes of up to ${groupSize} tasks` : ''),
  });
  chart.append(axis(xMax, xOf, top, height - 22, model.unit, labelWidth));

  const laneNodes = groups.map((group, index) => {
    const y = top + index * laneHeight;
    const lane = svg('g', { class: aggregated ? 'lane lane-group' : 'lane', dataset: { tid: group.lanes[0].tid } },
        svg('rect', { class: index % 2 ? 'lane-bg odd' : 'lane-bg', x: 0, y, width, height: laneHeight }));
    lane.append(laneLabel(container, model, group, aggregated, y + laneHeight / 2));
    chart.append(lane);
    return lane;
  });

  if (binned) drawBins(events, groups, groupOfTid, laneNodes, { xMax, plotWidth, top, laneHeight, labelWidth });
  else drawMarks(events, groupOfTid, laneNodes, { xOf, xMax, plotWidth, top, laneHeight });

  const note = aggregated
      ? `${formatNumber(shownLanes.length)} tasks aggregated into ${groups.length} lanes of up to ${groupSize}; darker = more events. Activate a lane label to zoom in.`
      : binned ? `${formatNumber(events.length)} events binned by ${model.unit}; darker = more events.`
      : `${formatNumber(events.length)} events.`;
  const source = model.source === 'trace'
      ? (model.events.length === 0 ? ' No timeline: the result has neither timeline events nor trace lines (printing off?).'
          : ' Derived from the trace lines (x = trace line number).')
      : model.truncated ? ' The simulation recorded only its first events: later ones are not shown.' : '';
  const controls = el('div', { class: 'timeline-controls' },
      el('span', { class: 'muted' }, note + source),
      range[0] !== 0 || range[1] !== model.lanes.length
          ? el('button', { type: 'button', class: 'small', onclick: () => renderTimeline(container, model) }, 'Show all tasks')
          : null);
  container.replaceChildren(legend(), chart, controls);
}

function laneLabel(container, model, group, aggregated, y) {
  if (!aggregated) {
    const lane = group.lanes[0];
    return svg('text', { class: 'lane-label', x: 6, y, 'dominant-baseline': 'middle' },
        svg('title', {}, `Task ${lane.tid}${lane.name ? ` (${lane.name})` : ''}${lane.steps != null ? `, ${lane.steps} steps` : ''}${lane.ended ? `, ${lane.ended}` : ''}`),
        `${lane.tid}${lane.name ? ' ' + lane.name : ''}`.slice(0, 18));
  }
  const first = group.lanes[0].tid;
  const last = group.lanes[group.lanes.length - 1].tid;
  const zoom = event => { event.preventDefault(); renderTimeline(container, model, [group.start, group.end]); };
  return svg('a', { href: '#', class: 'lane-zoom', role: 'button', onclick: zoom,
    onkeydown: event => { if (event.key === ' ') zoom(event); } },
  svg('title', {}, `Zoom into tasks ${first}–${last}`),
  svg('text', { class: 'lane-label', x: 6, y, 'dominant-baseline': 'middle' }, `tasks ${first}–${last}`));
}

function drawMarks(events, groupOfTid, laneNodes, { xOf, xMax, plotWidth, top, laneHeight }) {
  const stepWidth = Math.max(2, Math.min(14, (plotWidth / (xMax + 1)) * 0.7));
  const extent = new Map();
  for (const event of events) {
    const [first, last] = extent.get(event.tid) ?? [event.x, event.x];
    extent.set(event.tid, [Math.min(first, event.x), Math.max(last, event.x)]);
  }
  for (const [tid, [first, last]] of extent) {
    const y = top + groupOfTid.get(tid) * laneHeight + laneHeight / 2;
    laneNodes[groupOfTid.get(tid)].append(svg('line', { class: 'lifeline', x1: xOf(first), x2: xOf(last), y1: y, y2: y }));
  }
  for (const event of events) {
    const index = groupOfTid.get(event.tid);
    const x = xOf(event.x);
    const mid = top + index * laneHeight + laneHeight / 2;
    const mark = svg('g', { class: `mark mark-${event.kind}${event.outcome ? ' ' + event.outcome : ''}`, dataset: { event: event.kind, tid: event.tid, x: event.x } },
        svg('title', {}, event.label));
    mark.append(shape(event.kind, x, mid, stepWidth, laneHeight));
    laneNodes[index].append(mark);
  }
}

function shape(kind, x, mid, stepWidth, laneHeight) {
  const r = Math.min(6, laneHeight / 3);
  switch (kind) {
    case 'spawn': return svg('circle', { cx: x - stepWidth / 2 - 2, cy: mid, r: r * 0.7 });
    case 'exit': return svg('rect', { x: x - r, y: mid - r, width: 2 * r, height: 2 * r, rx: 1 });
    case 'kill': return svg('path', { d: `M${x - r},${mid - r}L${x + r},${mid + r}M${x + r},${mid - r}L${x - r},${mid + r}` });
    case 'wait': return svg('path', { d: `M${x},${mid - r}L${x + r},${mid}L${x},${mid + r}L${x - r},${mid}Z` });
    case 'sleep': return svg('circle', { cx: x, cy: mid, r: r * 0.8 });
    default: return svg('rect', { x: x - stepWidth / 2, y: mid - laneHeight * 0.3, width: stepWidth, height: laneHeight * 0.6 });
  }
}

function drawBins(events, groups, groupOfTid, laneNodes, { xMax, plotWidth, top, laneHeight, labelWidth }) {
  const binCount = Math.max(1, Math.min(Math.floor(plotWidth / 4), xMax + 1));
  const binWidth = plotWidth / binCount;
  const steps = groups.map(() => new Uint32Array(binCount));
  const exits = groups.map(() => new Uint32Array(binCount));
  const others = groups.map(() => new Uint32Array(binCount));
  for (const event of events) {
    const bin = Math.min(binCount - 1, Math.floor((event.x / (xMax + 1)) * binCount));
    const group = groupOfTid.get(event.tid);
    (event.kind === 'exit' || event.kind === 'kill' ? exits : event.kind === 'step' ? steps : others)[group][bin]++;
  }
  let max = 1;
  for (const row of steps) for (const count of row) if (count > max) max = count;
  groups.forEach((group, index) => {
    const y = top + index * laneHeight;
    const lane = laneNodes[index];
    for (let bin = 0; bin < binCount; bin++) {
      const x = labelWidth + bin * binWidth;
      if (steps[index][bin]) {
        lane.append(svg('rect', { class: 'bin', x, y: y + 2, width: Math.max(1, binWidth - 0.5), height: laneHeight - 4,
          'fill-opacity': (0.15 + 0.85 * Math.sqrt(steps[index][bin] / max)).toFixed(2) },
        svg('title', {}, `${formatNumber(steps[index][bin])} steps`)));
      }
      if (exits[index][bin]) {
        lane.append(svg('rect', { class: 'bin-exit', x, y: y + laneHeight - 4, width: Math.max(1, binWidth - 0.5), height: 3, dataset: { event: 'exit' } },
            svg('title', {}, `${formatNumber(exits[index][bin])} tasks terminated`)));
      }
      if (others[index][bin]) {
        lane.append(svg('rect', { class: 'bin-other', x, y: y + 1, width: Math.max(1, binWidth - 0.5), height: 3 },
            svg('title', {}, `${formatNumber(others[index][bin])} spawns, waits or sleeps`)));
      }
    }
  });
}

function axis(xMax, xOf, top, bottom, unit, labelWidth) {
  const group = svg('g', { class: 'axis', 'aria-hidden': 'true' });
  const step = niceStep(xMax / 8);
  for (let value = 0; value <= xMax; value += step) {
    const x = xOf(value);
    group.append(svg('line', { x1: x, x2: x, y1: top, y2: bottom, class: 'grid' }),
        svg('text', { x, y: bottom + 14, 'text-anchor': 'middle' }, formatNumber(value)));
  }
  group.append(svg('text', { x: labelWidth, y: 14, class: 'axis-title' }, `${unit} →`));
  return group;
}

function niceStep(raw) {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

function legend() {
  const items = [['step', 'step'], ['spawn', 'spawn / start'], ['wait', 'wait'], ['sleep', 'sleep'], ['kill', 'kill'],
    ['exit', 'terminated'], ['exit killed', 'killed'], ['exit failed', 'failed']];
  return el('ul', { class: 'legend', 'aria-label': 'Timeline legend' },
      items.map(([kind, text]) => el('li', {},
          svg('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true', class: `mark mark-${kind}` },
              shape(kind.split(' ')[0], kind === 'spawn' ? 12 : 8, 8, 6, 18)), text)));
}
