/**
 * The bench's output: a Markdown table (stdout and the README), the JSON of every run with
 * every sample, and a self-contained HTML page with a memory-over-time chart per clip and
 * length (extension, baseline and the playback control side by side) and the same table.
 * Where a playback control ran, a second table tells what each recorder costs over it. The
 * charts are inline SVG drawn here; the page loads nothing.
 */

import { writeFileSync } from 'node:fs';
import type { FileAnalysis } from './analysis';
import { checkTargets, settleMs, type TargetName } from './metrics';
import type { RunResult } from './run';
import { measuredMemoryBytes } from './process-sampler';

const MB = 1e6;

/** What a cell shows where there is no figure (the playback control has no file). */
const NONE = '–';

export const fixed = (value: number | undefined, digits: number) =>
  value === undefined || !Number.isFinite(value) ? NONE : value.toFixed(digits);
const signed = (value: number | undefined, digits: number) =>
  value === undefined || !Number.isFinite(value) ? NONE : `${value > 0 ? '+' : ''}${value.toFixed(digits)}`;
const mark = (met: boolean | undefined) => (met === undefined ? '' : met ? ' ✓' : ' ✗');
const perMB = (bytes: number | undefined) => (bytes === undefined ? NONE : fixed(bytes / MB, 1));

function lengthLabel(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** "MP4 h264+opus": the container and codecs found in the file. */
export function formatLabel(file: FileAnalysis): string {
  const container = file.format.includes('mp4') ? 'MP4' : file.format.includes('webm') ? 'WebM' : file.format;
  return `${container} ${[file.video?.codec, file.audio?.codec].filter(Boolean).join('+')}`;
}

interface Heading {
  title: string;
  align: 'left' | 'right';
}

interface Column extends Heading {
  cell(run: RunResult, targets: Record<TargetName, boolean | undefined>): string;
}

const COLUMNS: Column[] = [
  { title: 'Browser', align: 'left', cell: (r) => r.browser },
  { title: 'Clip', align: 'left', cell: (r) => r.clip },
  { title: 'Length', align: 'right', cell: (r) => lengthLabel(r.lengthSeconds) },
  { title: 'Recorder', align: 'left', cell: (r) => r.recorder },
  { title: 'File', align: 'left', cell: (r) => (r.measurements.file ? formatLabel(r.measurements.file) : NONE) },
  {
    title: 'Duration vs wall',
    align: 'right',
    cell: (r, t) =>
      r.metrics.durationErrorPercent === undefined
        ? NONE
        : `${signed(r.metrics.durationErrorPercent, 2)}%${r.metrics.durationDeclared ? '' : '¹'}${mark(t.duration)}`,
  },
  {
    title: 'Frames file / played',
    align: 'right',
    cell: (r) => `${r.metrics.framesInFile ?? NONE} / ${r.metrics.sourceFrames}`,
  },
  {
    title: 'Dropped',
    align: 'right',
    cell: (r, t) =>
      r.metrics.droppedPercent === undefined ? NONE : `${fixed(r.metrics.droppedPercent, 2)}%${mark(t.dropped)}`,
  },
  {
    title: 'A/V start ms',
    align: 'right',
    cell: (r, t) => `${signed(r.metrics.avStartOffsetMs, 0)}${mark(t.avStart)}`,
  },
  { title: 'A/V drift ms', align: 'right', cell: (r, t) => `${signed(r.metrics.avDriftMs, 0)}${mark(t.avDrift)}` },
  { title: 'CPU s/min', align: 'right', cell: (r) => fixed(r.metrics.cpuSecondsPerMinute, 1) },
  {
    title: 'Memory idle → peak MB',
    align: 'right',
    cell: (r) => `${fixed(r.metrics.idleMemoryMB, 0)} → ${fixed(r.metrics.peakMemoryMB, 0)}`,
  },
  {
    title: 'Slope MB/min',
    align: 'right',
    cell: (r, t) => `${signed(r.metrics.memorySlopeMBPerMinute, 1)}${mark(t.memoryFlat)}`,
  },
  {
    title: 'Stop → file s',
    align: 'right',
    cell: (r, t) => `${fixed(r.metrics.stopToFileSeconds, 1)}${mark(t.stopToFile)}`,
  },
  { title: 'MB/min', align: 'right', cell: (r) => perMB(r.metrics.bytesPerMinute) },
  { title: 'Mbit/s', align: 'right', cell: (r) => fixed(r.metrics.megabitsPerSecond, 2) },
  {
    title: 'Stored MB/min',
    align: 'right',
    cell: (r) => perMB(r.metrics.storedBytesPerMinute),
  },
];

function rows(results: RunResult[]): string[][] {
  return results.map((run) => {
    const targets = checkTargets(run.metrics, run);
    return COLUMNS.map((column) => column.cell(run, targets));
  });
}

export const TABLE_NOTES = [
  '✓/✗: the target met or missed (duration within 0.5% of the time from Record to Stop; under 1% dropped',
  'frames at 720p; A/V offset under 40 ms at the start and drift under 40 ms; extension memory growing under',
  '1 MB/min, from 1 minute of recording on; file on disk within 2 s of Stop at 720p). ¹ The file declares no duration; its last packet’s end',
  'is used. Memory: PSS of all the browser’s processes (but Chromium’s on-device AI model service, which it starts three minutes in whatever runs); slope by least squares over the recording after its',
  'first third (at most 20 s). Frames played: the media time the page’s video advanced between Record and',
  'Stop (from its frame callbacks) × 30.',
].join(' ');

/** Each recorder's run and the playback control of the same browser, clip and length, where one ran. */
function pairsWithPlayback(results: RunResult[]): { run: RunResult; control: RunResult }[] {
  return results.flatMap((run) => {
    const control = results.find(
      (other) =>
        other.recorder === 'playback' &&
        other.browser === run.browser &&
        other.clip === run.clip &&
        other.lengthSeconds === run.lengthSeconds,
    );
    return run.recorder !== 'playback' && control ? [{ run, control }] : [];
  });
}

const rise = (run: RunResult) => run.metrics.peakMemoryMB - run.metrics.idleMemoryMB;

const OVER_PLAYBACK: (Heading & { cell(run: RunResult, control: RunResult): string })[] = [
  { title: 'Browser', align: 'left', cell: (r) => r.browser },
  { title: 'Clip', align: 'left', cell: (r) => r.clip },
  { title: 'Length', align: 'right', cell: (r) => lengthLabel(r.lengthSeconds) },
  { title: 'Recorder', align: 'left', cell: (r) => r.recorder },
  {
    title: 'CPU s/min',
    align: 'right',
    cell: (r, c) => signed(r.metrics.cpuSecondsPerMinute - c.metrics.cpuSecondsPerMinute, 1),
  },
  { title: 'Peak − idle MB', align: 'right', cell: (r, c) => signed(rise(r) - rise(c), 0) },
  {
    title: 'Slope MB/min',
    align: 'right',
    cell: (r, c) => signed(r.metrics.memorySlopeMBPerMinute - c.metrics.memorySlopeMBPerMinute, 1),
  },
];

function overPlaybackRows(results: RunResult[]): string[][] {
  return pairsWithPlayback(results).map(({ run, control }) => OVER_PLAYBACK.map((column) => column.cell(run, control)));
}

const OVER_PLAYBACK_NOTES = [
  'Over playback: each recorder’s figure minus the playback control’s (the same browser, clip and length,',
  'playing as long with nothing recording; a browser launch of its own). Peak − idle: how far memory rose',
  'above its level at rest before Record.',
].join(' ');

function markdown(columns: Heading[], cells: string[][]): string {
  const widths = columns.map((column, i) => Math.max(column.title.length, ...cells.map((row) => row[i]!.length)));
  const pad = (text: string, i: number) =>
    columns[i]!.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
  const line = (row: string[]) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((width, i) => (columns[i]!.align === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(columns.map((column) => column.title)), rule, ...cells.map(line)].join('\n');
}

export function markdownTable(results: RunResult[]): string {
  return markdown(COLUMNS, rows(results));
}

/** The table of costs over the playback control, or undefined where none ran. */
function overPlaybackTable(results: RunResult[]): string | undefined {
  const cells = overPlaybackRows(results);
  return cells.length ? markdown(OVER_PLAYBACK, cells) : undefined;
}

/** The tables and their notes, as printed at the end of a run. */
export function textReport(results: RunResult[]): string {
  const over = overPlaybackTable(results);
  return [markdownTable(results), TABLE_NOTES, ...(over ? [over, OVER_PLAYBACK_NOTES] : [])].join('\n\n');
}

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const COLORS: Record<string, string> = { extension: '#1565c0', baseline: '#c62828', playback: '#2e7d32' };

/** " (+3.1 over playback)": a recorder's memory slope over the control's, where one ran. */
function overControl(run: RunResult, control: RunResult | undefined): string {
  if (!control || run === control) return '';
  return ` (${signed(run.metrics.memorySlopeMBPerMinute - control.metrics.memorySlopeMBPerMinute, 1)} over playback)`;
}

/** Memory over time (seconds from Record) of the runs of one browser, clip and length. */
function memoryChart(title: string, runs: RunResult[]): string {
  const width = 640;
  const height = 300;
  const margin = { left: 56, right: 16, top: 48, bottom: 40 };
  const series = runs.map((run) => ({
    run,
    points: run.measurements.samples.map((s) => ({
      x: (s.time - run.measurements.recordPressedAt) / 1000,
      y: measuredMemoryBytes(s) / MB,
    })),
  }));
  const all = series.flatMap((s) => s.points);
  const minX = Math.min(...all.map((p) => p.x));
  const maxX = Math.max(...all.map((p) => p.x));
  const maxY = Math.max(...all.map((p) => p.y)) * 1.05;
  const minY = Math.min(...all.map((p) => p.y)) * 0.9;
  const sx = (x: number) => margin.left + ((x - minX) / (maxX - minX || 1)) * (width - margin.left - margin.right);
  const sy = (y: number) =>
    height - margin.bottom - ((y - minY) / (maxY - minY || 1)) * (height - margin.top - margin.bottom);
  const ticks = (from: number, to: number, count: number) => {
    const step = 10 ** Math.floor(Math.log10((to - from) / count || 1));
    const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => (to - from) / s <= count) ?? 10 * step;
    const first = Math.ceil(from / nice) * nice;
    return Array.from({ length: Math.floor((to - first) / nice) + 1 }, (_, i) => first + i * nice);
  };
  const control = runs.find((run) => run.recorder === 'playback');
  const parts: string[] = [];
  for (const y of ticks(minY, maxY, 6)) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${sy(y)}" y2="${sy(y)}" stroke="#eee"/>`,
      `<text x="${margin.left - 6}" y="${sy(y) + 4}" text-anchor="end">${y}</text>`,
    );
  }
  for (const x of ticks(minX, maxX, 8)) {
    parts.push(`<text x="${sx(x)}" y="${height - margin.bottom + 16}" text-anchor="middle">${x}</text>`);
  }
  parts.push(
    `<text x="${(margin.left + width - margin.right) / 2}" y="${height - 6}" text-anchor="middle">seconds from Record (| Stop, ◆ file on disk)</text>`,
    `<text x="12" y="${(margin.top + height - margin.bottom) / 2}" transform="rotate(-90 12 ${(margin.top + height - margin.bottom) / 2})" text-anchor="middle">MB (PSS, all processes)</text>`,
    `<text x="${margin.left}" y="16" font-weight="bold">${escape(title)}</text>`,
  );
  series.forEach(({ run, points }, i) => {
    const color = COLORS[run.recorder] ?? '#555';
    const m = run.measurements;
    const stopX = sx((m.stopPressedAt - m.recordPressedAt) / 1000);
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}"/>`,
      `<line x1="${stopX}" x2="${stopX}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="${color}" stroke-dasharray="4 3"/>`,
      `<text x="${width - margin.right}" y="${16 + 14 * i}" fill="${color}" text-anchor="end">${run.recorder}: slope ${signed(run.metrics.memorySlopeMBPerMinute, 1)} MB/min${overControl(run, control)}, peak ${fixed(run.metrics.peakMemoryMB, 0)} MB</text>`,
    );
    if (m.fileLandedAt !== null) {
      const landedX = sx((m.fileLandedAt - m.recordPressedAt) / 1000);
      parts.push(`<text x="${landedX}" y="${margin.top + 10 + 12 * i}" fill="${color}" text-anchor="middle">◆</text>`);
    }
  });
  // The part of the recording the slope leaves out (start-up).
  const first = runs[0]!;
  const settleX = sx(settleMs(first.lengthSeconds * 1000) / 1000);
  parts.push(
    `<rect x="${sx(0)}" y="${margin.top}" width="${Math.max(0, settleX - sx(0))}" height="${height - margin.top - margin.bottom}" fill="#000" opacity="0.04"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11">${parts.join('')}</svg>`;
}

function htmlTable(columns: Heading[], cells: string[][]): string {
  return [
    `<tr>${columns.map((c) => `<th>${escape(c.title)}</th>`).join('')}</tr>`,
    ...cells.map(
      (row) => `<tr>${row.map((cell, i) => `<td class="${columns[i]!.align}">${escape(cell)}</td>`).join('')}</tr>`,
    ),
  ].join('\n');
}

export function htmlReport(
  results: RunResult[],
  meta: { command: string; startedAt: string; notes: string[] },
): string {
  const groups = new Map<string, RunResult[]>();
  for (const run of results) {
    const key = `${run.browser} · ${run.clip} · ${lengthLabel(run.lengthSeconds)}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const over = overPlaybackRows(results);
  const overSection = over.length
    ? `<h2>Over playback</h2>\n<table>\n${htmlTable(OVER_PLAYBACK, over)}\n</table>\n<p class="note">${escape(OVER_PLAYBACK_NOTES)}</p>\n`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Recording benchmark ${escape(meta.startedAt)}</title>
<style>
body { font-family: sans-serif; margin: 24px; color: #222; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; }
th { background: #f4f4f4; }
td.right { text-align: right; white-space: nowrap; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
p.note { font-size: 12px; max-width: 900px; }
</style>
</head>
<body>
<h1>Recording benchmark</h1>
<p><code>${escape(meta.command)}</code>, started ${escape(meta.startedAt)}</p>
<h2>Memory of all browser processes over time</h2>
<div class="charts">
${[...groups].map(([title, runs]) => memoryChart(title, runs)).join('\n')}
</div>
<h2>Fidelity, cost and size</h2>
<table>
${htmlTable(COLUMNS, rows(results))}
</table>
<p class="note">${escape(TABLE_NOTES)}</p>
${overSection}${meta.notes.map((note) => `<p class="note">${escape(note)}</p>`).join('\n')}
</body>
</html>
`;
}

export function writeReports(
  base: string,
  results: RunResult[],
  meta: { command: string; startedAt: string; notes: string[]; options: object },
): void {
  writeFileSync(`${base}.json`, `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
  writeFileSync(`${base}.html`, htmlReport(results, meta));
}
