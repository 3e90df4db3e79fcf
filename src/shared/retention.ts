/**
 * Which saved recordings the extension stops keeping: those older than the days the user
 * chose, then the oldest beyond the space they allowed. Only recordings saved to the
 * downloads folder are ever let go; running, unsaved and failed ones are always kept.
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
  return letGo;
}
