/**
 * The WebM index of the slices read as Stop is pressed, folded then (while the recorder
 * runs its last 100 ms) rather than after the last slice: see
 * shared/webm-index/fold-prefix.ts. Kept by the first slice's index, so it goes with the
 * slices read.
 */

import { foldPrefix, type WebmFoldPrefix, type WebmSliceIndex } from '../shared/webm-index';
import type { StoredRow } from './stored-slice';

export class WebmFoldPrefixes {
  private readonly byFirst = new WeakMap<WebmSliceIndex, WebmFoldPrefix>();

  /** Folds the indexes of `rows` (a recording's first slices, in order), where they are a WebM's. */
  gather(rows: readonly StoredRow[]): void {
    const first = rows[0]?.webmIndex;
    if (!first) return;
    const startedAt = performance.now();
    const prefix = foldPrefix(rows.map((row) => row.webmIndex));
    if (!prefix) return;
    this.byFirst.set(first, prefix);
    console.info(
      `Media Recorder: the index of ${rows.length} slices folded ahead in ${Math.round(performance.now() - startedAt)} ms`,
    );
  }

  /** The fold made from the first of `slices`, if any; once only (a file finished from it goes on from it). */
  take(slices: readonly StoredRow[]): WebmFoldPrefix | undefined {
    const first = slices[0]?.webmIndex;
    const prefix = first && this.byFirst.get(first);
    if (first) this.byFirst.delete(first);
    return prefix;
  }
}
