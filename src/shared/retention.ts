/**
 * Which saved recordings the extension stops keeping: those older than the days the user
 * chose, then the oldest beyond the space they allowed. Recordings saved to the downloads
 * folder are let go this way; running and unsaved ones are always kept, and so are failed
 * ones while their data is stored (Download again can still save them). A failed one
 * whose data is gone (nothing was recorded, or its slices were freed) can never be saved:
 * it holds no space, and goes once older than the days kept.
 */

import type { RecordingRecord } from './recording-record';

export interface RetentionLimits {
  /** 0: no limit. */
  keepDays: number;
  /** 0: no limit. */
  keepBytes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function recordingsToLetGo(records: readonly RecordingRecord[], now: number, limits: RetentionLimits): string[] {
  const saved = records
    .filter((record) => record.timeline.state === 'saved' && record.downloadId !== undefined)
    .sort((a, b) => b.createdAt - a.createdAt);
  const letGo: string[] = [];
  let keptBytes = 0;
  for (const record of saved) {
    const tooOld = limits.keepDays > 0 && now - record.createdAt > limits.keepDays * DAY_MS;
    const size = record.fileSize || record.bytes;
    const tooMuch = limits.keepBytes > 0 && keptBytes + size > limits.keepBytes;
    if (tooOld || tooMuch) letGo.push(record.id);
    else keptBytes += size;
  }
  const dead = records.filter(
    (record) =>
      record.timeline.state === 'failed' &&
      (record.sliceCount === 0 || record.slicesDeleted) &&
      limits.keepDays > 0 &&
      now - record.createdAt > limits.keepDays * DAY_MS,
  );
  return [...letGo, ...dead.map((record) => record.id)];
}
