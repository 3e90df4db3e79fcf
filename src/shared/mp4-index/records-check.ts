/**
 * The slices' records must be every slice's, in order: their runs follow one another
 * through the stored bytes, add up to what the index counted, and never point past the end
 * of the data. Checked in two steps where the first slices were gathered ahead
 * (table-prefix.ts): the rest goes on from where they ended.
 */

import { Mp4IndexError } from './boxes';
import { runEnds, type SampleRuns } from './sample-runs';
import type { Mp4IndexState } from './slice-index';

export interface RecordsChecked {
  /** Samples per track id so far. */
  counts: Record<number, number>;
  /** Where the last run so far ends in the stored bytes. */
  previousEnd: number;
}

/** Checks `records` from `start` on, going on from `so` (the check of the records before `start`). */
export function checkRecords(
  records: readonly (SampleRuns | undefined)[],
  start = 0,
  so: RecordsChecked = { counts: {}, previousEnd: 0 },
): RecordsChecked {
  const counts = { ...so.counts };
  let previousEnd = so.previousEnd;
  for (let at = start; at < records.length; at++) {
    const slice = records[at];
    if (!slice) throw new Mp4IndexError("a slice's record is missing");
    const ends = runEnds(slice);
    slice.offsets.forEach((offset, run) => {
      if (offset < previousEnd) throw new Mp4IndexError("the slices' records are out of order");
      previousEnd = ends[run]!;
      counts[slice.trackIds[run]!] = (counts[slice.trackIds[run]!] ?? 0) + slice.counts[run]!;
    });
  }
  return { counts, previousEnd };
}

/** Whether the checked records are every one the index counted, within the stored data. */
export function checkAgainstIndex(checked: RecordsChecked, state: Mp4IndexState): void {
  if (checked.previousEnd > state.position) throw new Mp4IndexError('an index pointing past the stored data');
  const ids = new Set([...Object.keys(checked.counts), ...Object.keys(state.counts)]);
  for (const id of ids) {
    if (checked.counts[Number(id)] !== state.counts[Number(id)]) throw new Mp4IndexError("a slice's record is missing");
  }
}
