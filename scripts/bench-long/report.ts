/**
 * The long bench's tables, in Markdown: per browser and length, the times from Stop, the
 * memory, the extra storage, and the checks of the file, each against its target (✓/✗).
 */

import type { DiskSpeed } from './disk-speed';
import { packetCount, packetsEndingTogether } from './probe';
import type { LongRunResult } from './run';

const TARGET_DOWNLOAD_STARTED_MS = 500;
const TARGET_STORAGE_SHARE = 0.05;
const TARGET_DURATION_SHARE = 0.005;
const TARGET_AV_END_MS = 40;

const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? ' ✓' : ' ✗');
const seconds = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(2));

function lengthOf(run: LongRunResult): string {
  const length = run.minutes >= 60 && run.minutes % 60 === 0 ? `${run.minutes / 60} h` : `${run.minutes} min`;
  const label = run.clip && run.clip !== '1080p' ? `${length} ${run.clip}` : length;
  return run.mode === 'real' ? `${label} (real)` : label;
}

/** Packets the finished file must hold: the input's, or for a real recording, nothing to compare. */
function packetCheck(run: LongRunResult): string {
  const out = packetCount(run.checks.probe);
  if (!run.feed) return `${out} / –`;
  const input = packetCount(run.feed.input);
  if (out === input) return `${out} / ${input} ✓`;
  // MP4: the picture past the end of the sound is cut, by design (the tracks end together).
  const together = packetsEndingTogether(run.feed.input);
  if (run.checks.probe.streams.length > 1 && out === together)
    return `${out} / ${input} (${together} ending together) ✓`;
  return `${out} / ${input} (${out - input > 0 ? '+' : ''}${out - input})${mark(false)}`;
}

function durationCheck(run: LongRunResult): string {
  const file = run.checks.probe.duration;
  const expected = run.feed ? run.feed.input.span : run.recordSeconds;
  const off = (file - expected) / expected;
  return `${file.toFixed(1)} / ${expected.toFixed(1)} s (${off >= 0 ? '+' : ''}${(off * 100).toFixed(2)}%)${mark(Math.abs(off) <= TARGET_DURATION_SHARE)}`;
}

/** Where the sound ends against the picture, in ms (negative: the sound ends first), as ffprobe reads it. */
function avEndMs(probe: LongRunResult['checks']['probe']): number | undefined {
  const end = (kind: string) => probe.streams.find((stream) => stream.kind === kind)?.end;
  const audio = end('audio');
  const video = end('video');
  return audio === undefined || video === undefined ? undefined : Math.round((audio - video) * 1000);
}

/**
 * The file's A/V end; for a fed run the feed's own beside it: a feed cut from a recording
 * whose picture ended early (frames far apart on a slow machine) ends so too, and the end
 * of a fed recording is the feed's, not a press the extension cuts at.
 */
function avEndCheck(run: LongRunResult): string {
  const ms = avEndMs(run.checks.probe);
  if (ms === undefined) return '–';
  const feed = run.feed ? avEndMs(run.feed.input) : undefined;
  if (feed !== undefined && Math.abs(feed) >= TARGET_AV_END_MS && ms === feed) return `${ms} (the feed's own)`;
  return `${ms}${mark(Math.abs(ms) < TARGET_AV_END_MS)}`;
}

export function longTable(runs: LongRunResult[], disk: DiskSpeed | undefined): string {
  const header = [
    'Browser',
    'Length',
    'File MB',
    'Stored in s',
    'Stop → download started s',
    'Stop → file s',
    'One copy at disk speed s',
    'One copy just after s',
    'Memory at Stop → peak finishing MB',
    'Peak extra storage MB',
    'Duration file / input',
    'Packets file / input',
    'A/V end ms',
    'ffmpeg seek',
    'Cues',
    'Browser seek',
  ];
  const rows = runs.map((run) => {
    const extra = Math.max(
      0,
      run.storage.peakFinishingBytes - run.storage.atStopBytes - (run.storage.lateSliceBytes ?? 0),
    );
    const share = extra / run.fileBytes;
    const copySeconds = disk ? run.fileBytes / 1e6 / (disk.copyMBps ?? disk.writeMBps) : undefined;
    const started = run.stopToDownloadStartedMs;
    const c = run.checks;
    return [
      run.browser,
      lengthOf(run),
      (run.fileBytes / 1e6).toFixed(0),
      run.syncBeforeStopMs === undefined
        ? run.recordSeconds.toFixed(0)
        : `${run.recordSeconds.toFixed(0)} (+${seconds(run.syncBeforeStopMs)} sync)`,
      `${seconds(started)}${mark(started === undefined ? undefined : started <= TARGET_DOWNLOAD_STARTED_MS)}`,
      seconds(run.stopToFileMs),
      copySeconds === undefined ? '–' : copySeconds.toFixed(1),
      run.copyJustAfterMs === undefined ? '–' : seconds(run.copyJustAfterMs),
      `${run.memory.atStopMB} → ${run.memory.peakFinishingMB}`,
      `${(extra / 1e6).toFixed(1)} (${(share * 100).toFixed(2)}%)${mark(share <= TARGET_STORAGE_SHARE)}`,
      durationCheck(run),
      packetCheck(run),
      avEndCheck(run),
      c.ffmpegSeek.ok ? `${c.ffmpegSeek.at.toFixed(0)} s ✓` : `${c.ffmpegSeek.at.toFixed(0)} s ✗`,
      c.cues === undefined ? (c.moovFirst ? 'moov first ✓' : 'moov first ✗') : `${c.cues}${mark(c.cues > 0)}`,
      c.playback.ok ? `${(c.playback.seekedTo ?? 0).toFixed(0)} s ✓` : `✗ ${c.playback.error ?? ''}`,
    ];
  });
  return markdown(header, rows);
}

/** Each kind of browser process's peak memory over each run. */
export function memoryTable(runs: LongRunResult[]): string {
  const rows = runs.map((run) => [
    run.browser,
    lengthOf(run),
    `${run.memory.beforeRecordMB}`,
    `${run.memory.peakRecordingMB}`,
    `${run.memory.peakFinishingMB}`,
    Object.entries(run.memory.peakByKindMB)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, mb]) => `${kind} ${mb}`)
      .join(', '),
  ]);
  return markdown(
    ['Browser', 'Length', 'Before Record MB', 'Peak storing MB', 'Peak finishing MB', 'Peak per kind of process MB'],
    rows,
  );
}

function markdown(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
