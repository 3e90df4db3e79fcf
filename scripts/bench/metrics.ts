/**
 * The figures of one run, from what was measured: the file (ffprobe), the page's frame
 * counter, the process samples and the press times. Targets are the issue's; they are
 * reported, not asserted.
 */

import type { FileAnalysis } from './analysis';
import { FPS } from './clips';
import type { ProcessSample } from './process-sampler';

const MB = 1e6;

export interface FrameReading {
  time: number;
  presentedFrames: number;
  mediaTime: number;
}

export interface RunMeasurements {
  recordPressedAt: number;
  stopPressedAt: number;
  fileLandedAt: number;
  /** The page's frame counter at the two presses, when the browser has requestVideoFrameCallback. */
  framesAtRecord: FrameReading | null;
  framesAtStop: FrameReading | null;
  samples: ProcessSample[];
  file: FileAnalysis;
}

export interface RunMetrics {
  recordedSeconds: number;
  durationSeconds: number;
  durationDeclared: boolean;
  durationErrorPercent: number;
  framesInFile: number;
  /**
   * Frames the source played between the presses: the media time that passed (read from
   * the page's frame callbacks) × FPS, or FPS × wall time where the browser has no frame
   * callbacks.
   */
  sourceFrames: number;
  sourceFramesFrom: 'media time' | 'wall clock';
  /** Frames the page itself presented meanwhile (requestVideoFrameCallback's presentedFrames). */
  presentedFrames: number | undefined;
  droppedPercent: number;
  /** Milliseconds; positive when audio starts (or ends) later than video. */
  avStartOffsetMs: number | undefined;
  avEndOffsetMs: number | undefined;
  avDriftMs: number | undefined;
  cpuSecondsPerMinute: number;
  /** CPU seconds from Stop to the file on disk (finishing and saving). */
  cpuSecondsToFinish: number;
  idleMemoryMB: number;
  peakMemoryMB: number;
  /** Least-squares slope of memory over the recording, after its first `SETTLE` part. */
  memorySlopeMBPerMinute: number;
  memoryGrowthMB: number;
  stopToFileSeconds: number;
  bytesPerMinute: number;
  megabitsPerSecond: number;
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

export function computeMetrics(run: RunMeasurements): RunMetrics {
  const { samples, file } = run;
  const recordedMs = run.stopPressedAt - run.recordPressedAt;
  const recordedSeconds = recordedMs / 1000;
  const minutes = recordedSeconds / 60;

  const atRecordFrame = run.framesAtRecord;
  const atStopFrame = run.framesAtStop;
  const counted = atRecordFrame && atStopFrame;
  const sourceFrames = counted
    ? Math.round((atStopFrame.mediaTime - atRecordFrame.mediaTime) * FPS)
    : Math.round(FPS * recordedSeconds);
  const framesInFile = file.video?.packets ?? 0;

  const av = file.video && file.audio;
  const avStartOffsetMs = av ? (file.audio!.first - file.video!.first) * 1000 : undefined;
  const avEndOffsetMs = av ? (file.audio!.end - file.video!.end) * 1000 : undefined;

  const during = samples.filter((s) => s.time >= run.recordPressedAt && s.time <= run.stopPressedAt);
  const settled = during.filter((s) => s.time >= run.recordPressedAt + settleMs(recordedMs));
  const before = samples.filter((s) => s.time < run.recordPressedAt);
  const untilLanded = samples.filter((s) => s.time >= run.recordPressedAt && s.time <= run.fileLandedAt + 1000);
  const perMinute = (pick: (s: ProcessSample) => number) =>
    slope(settled.map((s) => ({ x: (s.time - run.recordPressedAt) / 60_000, y: pick(s) })));

  const atRecord = sampleAt(samples, run.recordPressedAt);
  const atStop = sampleAt(samples, run.stopPressedAt);
  const atLanded = sampleAt(samples, run.fileLandedAt);
  const stored = settled.every((s) => s.storedBytes !== undefined) && settled.length > 1;

  return {
    recordedSeconds,
    durationSeconds: file.duration,
    durationDeclared: file.declaredDuration !== undefined,
    durationErrorPercent: ((file.duration - recordedSeconds) / recordedSeconds) * 100,
    framesInFile,
    sourceFrames,
    sourceFramesFrom: counted ? 'media time' : 'wall clock',
    presentedFrames: counted ? atStopFrame.presentedFrames - atRecordFrame.presentedFrames : undefined,
    droppedPercent: sourceFrames ? ((sourceFrames - framesInFile) / sourceFrames) * 100 : 0,
    avStartOffsetMs,
    avEndOffsetMs,
    avDriftMs: av ? avEndOffsetMs! - avStartOffsetMs! : undefined,
    cpuSecondsPerMinute: (atStop.cpuSeconds - atRecord.cpuSeconds) / minutes,
    cpuSecondsToFinish: atLanded.cpuSeconds - atStop.cpuSeconds,
    idleMemoryMB: before.length ? before.reduce((sum, s) => sum + s.memoryBytes, 0) / before.length / MB : NaN,
    peakMemoryMB: Math.max(...untilLanded.map((s) => s.memoryBytes)) / MB,
    memorySlopeMBPerMinute: perMinute((s) => s.memoryBytes / MB),
    memoryGrowthMB: ((during.at(-1)?.memoryBytes ?? 0) - (during[0]?.memoryBytes ?? 0)) / MB,
    stopToFileSeconds: (run.fileLandedAt - run.stopPressedAt) / 1000,
    bytesPerMinute: file.bytes / minutes,
    megabitsPerSecond: (file.bytes * 8) / file.duration / 1e6,
    storedBytesPerMinute: stored ? perMinute((s) => s.storedBytes!) : undefined,
  };
}

/** The targets; `undefined` where a target does not apply to this run. */
export type TargetName = 'duration' | 'dropped' | 'avStart' | 'avDrift' | 'memoryFlat' | 'stopToFile';

export function checkTargets(
  metrics: RunMetrics,
  context: { clip: string; recorder: string },
): Record<TargetName, boolean | undefined> {
  return {
    duration: Math.abs(metrics.durationErrorPercent) <= 0.5,
    dropped: context.clip === '720p' ? metrics.droppedPercent < 1 : undefined,
    avStart: metrics.avStartOffsetMs === undefined ? undefined : Math.abs(metrics.avStartOffsetMs) < 40,
    avDrift: metrics.avDriftMs === undefined ? undefined : Math.abs(metrics.avDriftMs) < 40,
    // Flat within 10 MB per 10 minutes: a slope under 1 MB/min. Asked of the extension, and
    // judged from a minute of recording on (a shorter one is mostly start-up).
    memoryFlat:
      context.recorder === 'extension' && metrics.recordedSeconds >= 60
        ? Math.abs(metrics.memorySlopeMBPerMinute) < 1
        : undefined,
    // Within 2 s of Stop for a 10-minute 720p recording; shown for every 720p run.
    stopToFile: context.clip === '720p' ? metrics.stopToFileSeconds <= 2 : undefined,
  };
}
