// SVG bar charts sized to their container (re-rendered on resize by the views).

import { formatNumber, svg } from './dom.js';

/** Horizontal bars, one per [label, value], in the given order. */
export function horizontalBars(entries, { width, title, valueFormat = formatNumber, classOf = () => '' }) {
  const barHeight = 20;
  const gap = 4;
  const longest = Math.max(4, ...entries.map(([label]) => String(label).length));
  const labelWidth = Math.min(Math.floor(width * 0.45), 8 + longest * 7);
  const valueWidth = 64;
  const plot = Math.max(40, width - labelWidth - valueWidth);
  const max = Math.max(1, ...entries.map(([, value]) => value));
  const height = entries.length * (barHeight + gap) + gap;
  const chart = svg('svg', { class: 'bars', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  entries.forEach(([label, value], index) => {
    const y = gap + index * (barHeight + gap);
    const text = String(label);
    const maxChars = Math.floor((labelWidth - 8) / 7);
    const shown = text.length > maxChars ? text.slice(0, Math.max(1, maxChars - 1)) + '…' : text;
    const length = Math.max(1, (value / max) * plot);
    chart.append(svg('g', { class: `bar ${classOf(label)}`, dataset: { key: text } },
        svg('title', {}, `${text}: ${valueFormat(value)}`),
        svg('text', { class: 'bar-label', x: labelWidth - 6, y: y + barHeight / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, shown),
        svg('rect', { x: labelWidth, y, width: length, height: barHeight, rx: 2 }),
        svg('text', { class: 'bar-value', x: labelWidth + length + 4, y: y + barHeight / 2, 'dominant-baseline': 'middle' }, valueFormat(value))));
  });
  return chart;
}

/** Vertical columns over an ordered axis (hours), with a few evenly spaced axis labels. */
export function columns(entries, { width, title, labelFormat = String }) {
  const height = 190;
  const bottom = 36;
  const left = 48;
  const plot = width - left - 8;
  const max = Math.max(1, ...entries.map(([, value]) => value));
  const slot = plot / Math.max(1, entries.length);
  const chart = svg('svg', { class: 'columns', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  const scale = (height - bottom - 8) / max;
  for (const fraction of [0, 0.5, 1]) {
    const y = height - bottom - fraction * max * scale;
    chart.append(svg('line', { class: 'grid', x1: left, x2: width - 8, y1: y, y2: y }),
        svg('text', { class: 'axis-label', x: left - 4, y, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, formatNumber(Math.round(fraction * max))));
  }
  const labelEvery = Math.max(1, Math.ceil(entries.length / Math.max(1, Math.floor(plot / 70))));
  entries.forEach(([label, value], index) => {
    const x = left + index * slot;
    const barHeight = Math.max(value > 0 ? 1 : 0, value * scale);
    chart.append(svg('g', { class: 'column', dataset: { key: String(label) } },
        svg('title', {}, `${labelFormat(label)}: ${formatNumber(value)}`),
        svg('rect', { x: x + slot * 0.1, y: height - bottom - barHeight, width: Math.max(1, slot * 0.8), height: barHeight })));
    if (index % labelEvery === 0) {
      chart.append(svg('text', { class: 'axis-label', x: x + slot / 2, y: height - bottom + 14, 'text-anchor': 'middle' }, labelFormat(label)));
    }
  });
  return chart;
}
