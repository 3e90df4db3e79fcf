/**
 * The sample tables of a recording's first slices, gathered ahead (issue #17): along a long
 * recording, each time its slices are read (a step every few minutes), and once more as
 * Stop is pressed, while the recorder runs its last 200 ms. Each gather goes on from the
 * one before, in the room its buffers left, so Stop gathers only the slices of the last
 * minutes, and finishing only those after Stop's read. At 3 hours that is a million
 * samples and about 20 MB of fresh memory less between Stop and the download. Their large
 * table entries are written as they are gathered (entries-ahead.ts). A prefix is used only
 * for the very records it was gathered from, in order, and for one file: writing that file
 * writes on its buffers.
 */

import { writeEntriesAhead } from './entries-ahead';
import { checkRecords, type RecordsChecked } from './records-check';
import type { SampleRuns } from './sample-runs';
import { gatherSamples, type TableRoom, type TrackSamples } from './track-table';

/**
 * Room left per track for the slices stored after the prefix: those of the recorder's last
 * 200 ms after the press, usually one or two, or of the next gather along. Where the room
 * runs out, the tables are copied into buffers half as large again: copies stay few, and
 * happen along the recording rather than at its end.
 */
const ROOM: TableRoom = { samples: 8192, runs: 256 };

export interface TablePrefix {
  /** The records gathered, in order: a later list must begin with these very objects. */
  records: readonly SampleRuns[];
  /** Per track id: its samples in those records, durations as the `trun`s gave them. */
  tables: Map<number, TrackSamples>;
  /** The records' check so far, for the rest to go on from. */
  checked: RecordsChecked;
}

/** Room for `head`'s table to grow in, should it be copied. */
function roomFor(head: TrackSamples | undefined, room: TableRoom): TableRoom {
  if (!head) return room;
  return {
    samples: Math.max(room.samples, Math.ceil(head.count / 2)),
    runs: Math.max(room.runs, Math.ceil(head.chunkCounts.length / 2)),
  };
}

/**
 * The prefix of `records` (the first slices' records, in order), going on from `before`
 * where it was gathered from the first of them; or undefined where one is missing or they
 * do not follow on. `before`'s buffers are written on: it serves no file after this.
 */
export function gatherPrefix(
  records: readonly (SampleRuns | undefined)[],
  room: TableRoom = ROOM,
  before?: TablePrefix,
): TablePrefix | undefined {
  if (records.length === 0 || records.some((record) => record === undefined)) return undefined;
  const complete = records as readonly SampleRuns[];
  const base = before && prefixOf(before, complete) ? before : undefined;
  const from = base?.records.length ?? 0;
  if (base && from === complete.length) return base;
  let checked: RecordsChecked;
  try {
    checked = checkRecords(complete, from, base?.checked);
  } catch {
    return undefined;
  }
  const ids = new Set<number>(base?.tables.keys());
  for (let at = from; at < complete.length; at++) complete[at]!.trackIds.forEach((id) => ids.add(id));
  const tables = new Map<number, TrackSamples>();
  for (const id of ids) {
    const head = base?.tables.get(id);
    // A track the records before had no sample of is gathered from the new records alone.
    const samples = gatherSamples(id, complete, base && { slices: from, samples: head }, roomFor(head, room));
    samples.ahead = writeEntriesAhead(samples, head?.ahead);
    tables.set(id, samples);
  }
  return { records: [...complete], tables, checked };
}

/** Whether `prefix` was gathered from the first of `records`: the same objects, in the same order. */
export function prefixOf(prefix: TablePrefix | undefined, records: readonly (SampleRuns | undefined)[]): boolean {
  if (!prefix || prefix.records.length > records.length) return false;
  return prefix.records.every((record, at) => records[at] === record);
}
