/**
 * When the recorded element switches to another source, the recording goes on as a new part:
 * a recorder of its own, whose slices are joined with the earlier parts' into one file
 * (the default), or saved as a file of its own (Settings). A page decides how often that
 * happens, so parts are spaced and capped: no page can turn one press of Record into more
 * than a handful of parts.
 */

import type { RecordingRecord } from './recording-record';

/**
 * How long a part that ended on a source change waits for the next one before the
 * recording is saved: the page's new source has 30 s to start playing (content/index.ts),
 * after the spacing below.
 */
export const NEXT_PART_WAIT_MS = 40_000;

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
    // A joined part waits unsaved for the next one; once saved, the recording is done.
    (!record.joinParts || record.timeline.state === 'finalizing') &&
    !record.nextPartClaimed &&
    mayContinue(record.part) &&
    waitBeforeNextPart(record.createdAt, now) === 0
  );
}

/** The id of the recording a part belongs to: its first part's. */
export function headOf(record: Pick<RecordingRecord, 'id' | 'joinedTo'>): string {
  return record.joinedTo ?? record.id;
}

/** The ids of a recording's parts, in order, from its first part's record. */
export function partIdsOf(head: Pick<RecordingRecord, 'id' | 'partIds'>): string[] {
  return head.partIds ?? [head.id];
}

/**
 * Whether a part that just ended is to wait for the next source before the recording is
 * saved: it ended on a source change, joins parts, may have a next part, and was not
 * finished after a crash (no page is left to go on).
 */
export function awaitsNextPart(record: RecordingRecord): boolean {
  return (
    !!record.joinParts &&
    record.timeline.endReason === 'source-changed' &&
    !record.nextPartClaimed &&
    !record.recovered &&
    mayContinue(record.part)
  );
}

/** What the popup and the library show of a recording made of parts. */
export interface PartsSummary {
  count: number;
  /** Wall-clock time between each part's end and the next one's start: the page switching. */
  lostMs: number[];
}

/** The parts' count and the time lost at each switch, from the parts' records in order. */
export function partsSummary(parts: readonly Pick<RecordingRecord, 'timeline'>[]): PartsSummary {
  const lostMs: number[] = [];
  for (let index = 1; index < parts.length; index++) {
    const ended = parts[index - 1]!.timeline.endedAt;
    const started = parts[index]!.timeline.startedAt;
    if (ended !== undefined && started !== undefined) lostMs.push(Math.max(0, started - ended));
  }
  return { count: parts.length, lostMs };
}
