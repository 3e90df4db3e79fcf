/**
 * When the recorded element switches to another source, the recording goes on as a new part
 * (a new file). A page decides how often that happens, so parts are spaced and capped: no
 * page can turn one press of Record into more than a handful of files.
 */

import type { RecordingRecord } from './recording-record';

/** The most parts one press of Record gives; the last one ends the recording. */
export const MAX_PARTS = 8;

/** A new part starts at least this long after the one before it started. */
export const MIN_PART_INTERVAL_MS = 5000;

/** Whether a recording whose part `part` just ended on a source change may go on as part `part + 1`. */
export function mayContinue(part: number): boolean {
  return part < MAX_PARTS;
}

/** How long to wait before part `part + 1` may start, for a part that started at `startedAt`. */
export function waitBeforeNextPart(startedAt: number, now: number): number {
  return Math.max(0, startedAt + MIN_PART_INTERVAL_MS - now);
}

/**
 * Whether `record`, which ended on a source change, may go on as its next part in that tab
 * and frame: once (not already claimed), within the cap, spaced.
 */
export function mayClaimNextPart(record: RecordingRecord, tabId: number, frameId: number, now: number): boolean {
  return (
    record.tabId === tabId &&
    record.frameId === frameId &&
    record.timeline.endReason === 'source-changed' &&
    !record.nextPartClaimed &&
    mayContinue(record.part) &&
    waitBeforeNextPart(record.createdAt, now) === 0
  );
}
