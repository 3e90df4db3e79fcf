/**
 * The index of the slices read before a recording's end, made then rather than after the
 * last slice: an MP4's sample tables (shared/mp4-index/table-prefix.ts), gathered along the
 * recording each time its slices are read and once more as Stop is pressed (while the
 * recorder runs its last 100–200 ms), each time going on from the time before; or a WebM's
 * index folded as Stop is pressed (shared/webm-index/fold-prefix.ts). Kept by the first
 * slice's part of the index, so it goes with the slices read; taken once (a file written
 * from it writes on it). The MP4 table entries written ahead with the tables become Blobs
 * as they are written, so that neither writing nor copying megabytes of header is left
 * between Stop and the download at 3 hours.
 */

import { aheadBytes, gatherPrefix, type SampleRuns, type TablePrefix } from '../shared/mp4-index';
import { foldPrefix, type WebmFoldPrefix, type WebmSliceIndex } from '../shared/webm-index';
import type { StoredRow } from './stored-slice';

export class IndexPrefixes {
  private readonly tables = new WeakMap<SampleRuns, TablePrefix>();
  private readonly webmFolds = new WeakMap<WebmSliceIndex, WebmFoldPrefix>();
  /** The Blob of each chunk of entries written ahead, by the very array a header holds. */
  private readonly keptBlobs = new WeakMap<Uint8Array, Blob>();

  /**
   * Makes the index of `rows` (a recording's first slices, in order), where they have one.
   * `along`: a read along the recording, not Stop's: only MP4 tables are gathered then (a
   * WebM index is folded in a few ms, at Stop).
   */
  gather(rows: readonly StoredRow[], { along = false } = {}): void {
    const startedAt = performance.now();
    const first = rows[0];
    let made: string;
    if (first?.mp4Samples) {
      const before = this.tables.get(first.mp4Samples);
      const prefix = gatherPrefix(
        rows.map((row) => row.mp4Samples),
        undefined,
        before,
      );
      if (!prefix || prefix === before) return;
      for (const samples of prefix.tables.values()) {
        for (const bytes of aheadBytes(samples.ahead)) {
          if (!this.keptBlobs.has(bytes)) this.keptBlobs.set(bytes, new Blob([bytes]));
        }
      }
      this.tables.set(first.mp4Samples, prefix);
      made = before ? `gathered (${before.records.length} of them before)` : 'gathered';
    } else if (first?.webmIndex && !along) {
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

  /** The Blob made of `bytes`, where they are table entries written ahead. */
  keptBlob(bytes: Uint8Array): Blob | undefined {
    return this.keptBlobs.get(bytes);
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
