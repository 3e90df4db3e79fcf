/** A recorded slice as the recording store keeps it: its bytes, and its part of the index. */

import type { SampleRuns } from '../shared/mp4-index';
import type { WebmSliceIndex } from '../shared/webm-index';

/** What a slice adds to the index of the finished file, written in the same put as its bytes. */
export interface SliceIndexes {
  mp4Samples?: SampleRuns;
  webmIndex?: WebmSliceIndex;
}

/**
 * A slice's row: its bytes as a Blob in the row; or (Firefox's slice writer) at `fileAt`
 * in the recording's slice file (platform/slice-files.ts); or (Chromium, once packed) at
 * `fileAt` in the Blob of the pack that `pack` names (platform/slice-packs.ts).
 */
export interface StoredRow extends SliceIndexes {
  recordingId: string;
  seq: number;
  size: number;
  data?: Blob;
  fileAt?: number;
  /** The pack holding the bytes: its first slice's seq. */
  pack?: number;
}

/** A slice as read: its bytes as a Blob either way, and the slice file or pack they are in, if any. */
export interface StoredSlice extends StoredRow {
  data: Blob;
  file?: Blob;
}

/** Where a slice's bytes go: a Blob in its row, or the place the slice writer appended them to the slice file. */
export type SliceBytes = Blob | { fileAt: number; size: number };

/** A pack of slices as stored (Chromium, slice-packs.ts): their bytes one after another, the first slice's seq naming it. */
export interface StoredPack {
  recordingId: string;
  first: number;
  data: Blob;
}
