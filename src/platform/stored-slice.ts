/** A recorded slice as the recording store keeps it: its bytes as a Blob, and its part of the index. */

import type { SampleRuns } from '../shared/mp4-index';
import type { WebmSliceIndex } from '../shared/webm-index';

/** What a slice adds to the index of the finished file, written in the same put as its bytes. */
export interface SliceIndexes {
  mp4Samples?: SampleRuns;
  webmIndex?: WebmSliceIndex;
}

export interface StoredSlice extends SliceIndexes {
  recordingId: string;
  seq: number;
  data: Blob;
  size: number;
}
