/**
 * The MP4 sample tables of the slices read as Stop is pressed, gathered then (while the
 * recorder runs its last 200 ms) rather than after the last slice: see
 * shared/mp4-index/table-prefix.ts. Kept by the first slice's record, so they go with the
 * slices read.
 */

import { gatherPrefix, type SampleRuns, type TablePrefix } from '../shared/mp4-index';
import type { StoredRow } from './stored-slice';

export class TablePrefixes {
  private readonly byFirst = new WeakMap<SampleRuns, TablePrefix>();

  /** Gathers the tables of `rows` (a recording's first slices, in order), where they are an MP4's. */
  gather(rows: readonly StoredRow[]): void {
    const first = rows[0]?.mp4Samples;
    if (!first) return;
    const startedAt = performance.now();
    const prefix = gatherPrefix(rows.map((row) => row.mp4Samples));
    if (!prefix) return;
    this.byFirst.set(first, prefix);
    console.info(
      `Media Recorder: the index of ${rows.length} slices gathered ahead in ${Math.round(performance.now() - startedAt)} ms`,
    );
  }

  /** The tables gathered from the first of `slices`, if any; once only (a file written from them writes on them). */
  take(slices: readonly StoredRow[]): TablePrefix | undefined {
    const first = slices[0]?.mp4Samples;
    const prefix = first && this.byFirst.get(first);
    if (first) this.byFirst.delete(first);
    return prefix;
  }
}
