/**
 * The figures of one run, from what was measured: the file (ffprobe), the page's frame
 * counter, the process samples and the press times. Targets are the issue's; they are
 * reported, not asserted. The playback control has no file: its file figures are undefined.
 */

import type { FileAnalysis } from './analysis';
import { FPS } from './clips';
import { measuredMemoryBytes, type ProcessSample } from './process-sampler';

const MB = 1e6;

export interface FrameReading {
  time: number;
  presentedFrames: number;
  mediaTime: number;
}

export interface RunMeasurements {
  recordPressedAt: number;
  stopPressedAt: number;
  /** Null where nothing recorded (the playback control), as is `file`. */
  fileLandedAt: number | null;
  /** The page's frame counter at the two presses, when the browser has requestVideoFrameCallback. */
  framesAtRecord: FrameReading | null;
  framesAtStop: FrameReading | null;
  samples: ProcessSample[];
  file: FileAnalysis | null;
}

export interface RunMetrics {
  recordedSeconds: number;
  durationSeconds: number | undefined;
  durationDeclared: boolean | undefined;
  durationErrorPercent: number | undefined;
  framesInFile: number | undefined;
  /**
   * Frames the source played between the presses: the media time that passed (read from
   * the page's frame callbacks) × FPS, or FPS × wall time where the browser has no frame
   * callbacks.
   */
  sourceFrames: number;
  sourceFramesFrom: 'media time' | 'wall clock';
  /** Frames the page itself presented meanwhile (requestVideoFrameCallback's presentedFrames). */
  presentedFrames: number | undefined;
  droppedPercent: number | undefined;
  /** Milliseconds; positive when audio starts (or ends) later than video. */
  avStartOffsetMs: number | undefined;
  avEndOffsetMs: number | undefined;
  avDriftMs: number | undefined;
  cpuSecondsPerMinute: number;
  /** CPU seconds from Stop to the file on disk (finishing and saving). */
  cpuSecondsToFinish: number | undefined;
  idleMemoryMB: number;
  peakMemoryMB: number;
  /** Least-squares slope of memory over the recording, after its first `SETTLE` part. */
  memorySlopeMBPerMinute: number;
  memoryGrowthMB: number;
  stopToFileSeconds: number | undefined;
  bytesPerMinute: number | undefined;
  megabitsPerSecond: number | undefined;
  storedBytesPerMinute: number | undefined;
}

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.x - meanX) * (p.y - meanY);
    variance += (p.x - meanX) ** 2;
  }
  return variance ? covariance / variance : 0;
}

/** The first part of a recording, start-up, left out of the memory slope: a third of it, at most 20 s. */
export function settleMs(recordedMs: number): number {
  return Math.min(20_000, recordedMs / 3);
}

/** The sample nearest to `time`. */
function sampleAt(samples: ProcessSample[], time: number): ProcessSample {
  return samples.reduce((best, sample) => (Math.abs(sample.time - time) < Math.abs(best.time - time) ? sample : best));
}

/** What is read from the file, set against the presses and the frames played. */
type FileMetrics = Pick<
  RunMetrics,
  | 'durationSeconds'
  | 'durationDeclared'
  | 'durationErrorPercent'
  | 'framesInFile'
  | 'droppedPercent'
  | 'avStartOffsetMs'
  | 'avEndOffsetMs'
  | 'avDriftMs'
  | 'bytesPerMinute'
  | 'megabitsPerSecond'
>;

function fileMetrics(file: FileAnalysis | null, recordedSeconds: number, sourceFrames: number): FileMetrics {
  if (!file) {
    return {
      durationSeconds: undefined,
      durationDeclared: undefined,
      durationErrorPercent: undefined,
      framesInFile: undefined,
      droppedPercent: undefined,
      avStartOffsetMs: undefined,
      avEndOffsetMs: undefined,
      avDriftMs: undefined,
      bytesPerMinute: undefined,
      megabitsPerSecond: undefined,
    };
  }
  const framesInFile = file.video?.packets ?? 0;
  const av = file.video && file.audio;
  const avStartOffsetMs = av ? (file.audio!.first - file.video!.first) * 1000 : undefined;
  const avEndOffsetMs = av ? (file.audio!.end - file.video!.end) * 1000 : undefined;
  return {
    durationSeconds: file.duration,
    durationDeclared: file.declaredDuration !== undefined,
    durationErrorPercent: ((file.duration - recordedSeconds) / recordedSeconds) * 100,
    framesInFile,
    droppedPercent: sourceFrames ? ((sourceFrames - framesInFile) / sourceFrames) * 100 : 0,
    avStartOffsetMs,
    avEndOffsetMs,
    avDriftMs: av ? avEndOffsetMs! - avStartOffsetMs! : undefined,
    bytesPerMinute: file.bytes / (recordedSeconds / 60),
    megabitsPerSecond: (file.bytes * 8) / file.duration / 1e6,
  };
}

export function computeMetrics(run: RunMeasurements): RunMetrics {
  const { samples } = run;
  const recordedMs = run.stopPressedAt - run.recordPressedAt;
  const recordedSeconds = recordedMs / 1000;
  const minutes = recordedSeconds / 60;
  // Where there is no file, the run ends at Stop.
  const endedAt = run.fileLandedAt ?? run.stopPressedAt;

  const atRecordFrame = run.framesAtRecord;
  const atStopFrame = run.framesAtStop;
  const counted = atRecordFrame && atStopFrame;
  const sourceFrames = counted
    ? Math.round((atStopFrame.mediaTime - atRecordFrame.mediaTime) * FPS)
    : Math.round(FPS * recordedSeconds);

  const during = samples.filter((s) => s.time >= run.recordPressedAt && s.time <= run.stopPressedAt);
  const settled = during.filter((s) => s.time >= run.recordPressedAt + settleMs(recordedMs));
  const before = samples.filter((s) => s.time < run.recordPressedAt);
  const untilEnded = samples.filter((s) => s.time >= run.recordPressedAt && s.time <= endedAt + 1000);
  const perMinute = (pick: (s: ProcessSample) => number) =>
    slope(settled.map((s) => ({ x: (s.time - run.recordPressedAt) / 60_000, y: pick(s) })));

  const atRecord = sampleAt(samples, run.recordPressedAt);
  const atStop = sampleAt(samples, run.stopPressedAt);
  const atEnded = sampleAt(samples, endedAt);
  const stored = settled.every((s) => s.storedBytes !== undefined) && settled.length > 1;
  const landed = run.fileLandedAt !== null;

  return {
    recordedSeconds,
    ...fileMetrics(run.file, recordedSeconds, sourceFrames),
    sourceFrames,
    sourceFramesFrom: counted ? 'media time' : 'wall clock',
    presentedFrames: counted ? atStopFrame.presentedFrames - atRecordFrame.presentedFrames : undefined,
    cpuSecondsPerMinute: (atStop.cpuSeconds - atRecord.cpuSeconds) / minutes,
    cpuSecondsToFinish: landed ? atEnded.cpuSeconds - atStop.cpuSeconds : undefined,
    idleMemoryMB: before.length ? before.reduce((sum, s) => sum + measuredMemoryBytes(s), 0) / before.length / MB : NaN,
    peakMemoryMB: Math.max(...untilEnded.map(measuredMemoryBytes)) / MB,
    memorySlopeMBPerMinute: perMinute((s) => measuredMemoryBytes(s) / MB),
    memoryGrowthMB: (during.length ? measuredMemoryBytes(during.at(-1)!) - measuredMemoryBytes(during[0]!) : 0) / MB,
    stopToFileSeconds: landed ? (endedAt - run.stopPressedAt) / 1000 : undefined,
    storedBytesPerMinute: stored ? perMinute((s) => s.storedBytes!) : undefined,
  };
}

/** The targets; `undefined` where a target does not apply to this run. */
export type TargetName = 'duration' | 'dropped' | 'avStart' | 'avDrift' | 'memoryFlat' | 'stopToFile';

export function checkTargets(
  metrics: RunMetrics,
  context: { clip: string; recorder: string },
): Record<TargetName, boolean | undefined> {
  const { durationErrorPercent, droppedPercent, stopToFileSeconds } = metrics;
  return {
    duration: durationErrorPercent === undefined ? undefined : Math.abs(durationErrorPercent) <= 0.5,
    dropped: context.clip === '720p' && droppedPercent !== undefined ? droppedPercent < 1 : undefined,
    avStart: metrics.avStartOffsetMs === undefined ? undefined : Math.abs(metrics.avStartOffsetMs) < 40,
    avDrift: metrics.avDriftMs === undefined ? undefined : Math.abs(metrics.avDriftMs) < 40,
    // Flat within 10 MB per 10 minutes: growing under 1 MB/min (memory given back is no
    // growth). Asked of the extension, and judged from a minute of recording on (a shorter
    // one is mostly start-up).
    memoryFlat:
      context.recorder === 'extension' && metrics.recordedSeconds >= 60
        ? metrics.memorySlopeMBPerMinute < 1
        : undefined,
    // Within 2 s of Stop for a 10-minute 720p recording; shown for every 720p run.
    stopToFile: context.clip === '720p' && stopToFileSeconds !== undefined ? stopToFileSeconds <= 2 : undefined,
  };
}
