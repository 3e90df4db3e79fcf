/**
 * The sample tables of a recording's first slices, gathered ahead (issue #17): as Stop is
 * pressed, the slices stored so far are read while the recorder runs its last 200 ms, and
 * their records are gathered into tables then, so finishing gathers only the slices after
 * them. At 3 hours that is a million samples less to go through between Stop and the
 * download. A prefix is used only for the very records it was gathered from, in order.
 */

import { checkRecords, type RecordsChecked } from './records-check';
import type { SampleRuns } from './sample-runs';
import { gatherSamples, type TrackSamples } from './track-table';

export interface TablePrefix {
  /** The records gathered, in order: a later list must begin with these very objects. */
  records: readonly SampleRuns[];
  /** Per track id: its samples in those records, durations as the `trun`s gave them. */
  tables: Map<number, TrackSamples>;
  /** The records' check so far, for the rest to go on from. */
  checked: RecordsChecked;
}

/** The prefix of `records` (the first slices' records, in order), or undefined where one is missing or they do not follow on. */
export function gatherPrefix(records: readonly (SampleRuns | undefined)[]): TablePrefix | undefined {
  if (records.length === 0 || records.some((record) => record === undefined)) return undefined;
  const complete = records as readonly SampleRuns[];
  let checked: RecordsChecked;
  try {
    checked = checkRecords(complete);
  } catch {
    return undefined;
  }
  const ids = new Set<number>();
  for (const record of complete) record.trackIds.forEach((id) => ids.add(id));
  const tables = new Map<number, TrackSamples>();
  for (const id of ids) tables.set(id, gatherSamples(id, complete));
  return { records: [...complete], tables, checked };
}

/** Whether `prefix` was gathered from the first of `records`: the same objects, in the same order. */
export function prefixOf(prefix: TablePrefix | undefined, records: readonly (SampleRuns | undefined)[]): boolean {
  if (!prefix || prefix.records.length > records.length) return false;
  return prefix.records.every((record, at) => records[at] === record);
}
