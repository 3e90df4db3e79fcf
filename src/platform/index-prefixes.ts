/**
 * The index of the slices read as Stop is pressed, made then (while the recorder runs its
 * last 100–200 ms) rather than after the last slice: an MP4's sample tables
 * (shared/mp4-index/table-prefix.ts), or a WebM's index folded
 * (shared/webm-index/fold-prefix.ts). Kept by the first slice's part of the index, so it
 * goes with the slices read; taken once (a file written from it writes on it).
 */

import { gatherPrefix, type SampleRuns, type TablePrefix } from '../shared/mp4-index';
import { foldPrefix, type WebmFoldPrefix, type WebmSliceIndex } from '../shared/webm-index';
import type { StoredRow } from './stored-slice';

export class IndexPrefixes {
  private readonly tables = new WeakMap<SampleRuns, TablePrefix>();
  private readonly webmFolds = new WeakMap<WebmSliceIndex, WebmFoldPrefix>();

  /** Makes the index of `rows` (a recording's first slices, in order), where they have one. */
  gather(rows: readonly StoredRow[]): void {
    const startedAt = performance.now();
    const first = rows[0];
    let made: string;
    if (first?.mp4Samples) {
      const prefix = gatherPrefix(rows.map((row) => row.mp4Samples));
      if (!prefix) return;
      this.tables.set(first.mp4Samples, prefix);
      made = 'gathered';
    } else if (first?.webmIndex) {
      const prefix = foldPrefix(rows.map((row) => row.webmIndex));
      if (!prefix) return;
      this.webmFolds.set(first.webmIndex, prefix);
      made = 'folded';
    } else {
      return;
    }
    console.info(
      `Media Recorder: the index of ${rows.length} slices ${made} ahead in ${Math.round(performance.now() - startedAt)} ms`,
    );
  }

  /** The MP4 tables gathered from the first of `slices`, if any; once only. */
  takeTables(slices: readonly StoredRow[]): TablePrefix | undefined {
    return takeOnce(this.tables, slices[0]?.mp4Samples);
  }

  /** The WebM index folded from the first of `slices`, if any; once only. */
  takeWebmFold(slices: readonly StoredRow[]): WebmFoldPrefix | undefined {
    return takeOnce(this.webmFolds, slices[0]?.webmIndex);
  }
}

function takeOnce<Key extends object, Value>(made: WeakMap<Key, Value>, key: Key | undefined): Value | undefined {
  if (!key) return undefined;
  const value = made.get(key);
  made.delete(key);
  return value;
}
