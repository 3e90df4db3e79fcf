/**
 * The index of the finished file, kept as the slices are stored (issue #17): an MP4's
 * sample runs or a WebM's clusters and cues, one piece per slice, written with the slice.
 * An index that misses a slice would misplace everything after it, so each goes on only
 * from the first slice or from a state that has seen exactly the bytes stored; otherwise it
 * is dropped, and finishing remuxes as before.
 */

import type { SliceIndexes } from '../../platform/stored-slice';
import { indexSlice, newMp4IndexState } from '../../shared/mp4-index';
import type { RecordingRecord } from '../../shared/recording-record';
import { newWebmScan, scannedBytes, scanWebmSlice, type WebmScan } from '../../shared/webm-index';

/** Finishing an indexed recording writes only its header: about 12 bytes a sample, kept well over. */
export const headerReserveBytes = (recordedBytes: number) => 1024 * 1024 + Math.ceil(recordedBytes / 32);

export interface IndexedSlice {
  /** Stored with the slice's bytes, in the same put. */
  row: SliceIndexes;
  /** Takes the new state into the record, once the slice is stored. */
  apply(record: RecordingRecord): void;
}

/** Refusals are logged once per recording: each later slice repeats them. */
function logRefusal(record: RecordingRecord, reason: string): void {
  console.info(`Media Recorder: recording ${record.id} will finish by remux:`, reason);
}

function indexMp4(record: RecordingRecord, bytes: Uint8Array): IndexedSlice {
  if (!record.mp4Index && record.sliceCount > 0) return { row: {}, apply: () => undefined };
  const before = record.mp4Index ?? newMp4IndexState();
  if (before.position !== record.bytes) {
    return { row: {}, apply: (r) => void (r.mp4Index = undefined) };
  }
  const { state, slice } = indexSlice(before, bytes);
  return {
    row: state.refusal === undefined ? { mp4Samples: slice.runs } : {},
    apply(r) {
      if (state.refusal !== undefined && before.refusal === undefined) logRefusal(r, state.refusal);
      r.mp4Index = state;
      if (slice.init) r.mp4Init = slice.init;
    },
  };
}

function indexWebm(record: RecordingRecord, bytes: Uint8Array): IndexedSlice {
  const before = record.sliceCount === 0 ? newWebmScan() : record.webmScan;
  if (!before || scannedBytes(before) !== record.bytes) {
    return { row: {}, apply: (r) => void (r.webmScan = undefined) };
  }
  const { scan, index } = scanWebmSlice(before, bytes);
  return {
    row: { webmIndex: index },
    apply(r) {
      if (scan.refused !== undefined && before.refused === undefined) logRefusal(r, scan.refused);
      r.webmScan = scan;
    },
  };
}

/** The index of one more slice of `record`, for the container it is recorded in. */
export function indexSliceFor(record: RecordingRecord, bytes: Uint8Array): IndexedSlice {
  switch (record.format?.container) {
    case 'mp4':
      return indexMp4(record, bytes);
    case 'webm':
      return indexWebm(record, bytes);
    default:
      return { row: {}, apply: () => undefined };
  }
}

/**
 * The scan after a slice the slice-writer frame stored and indexed itself, if it is one
 * that follows on exactly from what was stored before; anything else drops it (a frame's
 * word comes from inside a web page).
 */
export function storedScanFor(record: RecordingRecord, size: number, scan: WebmScan | undefined): WebmScan | undefined {
  if (record.format?.container !== 'webm' || !scan) return undefined;
  return scannedBytes(scan) === record.bytes + size ? scan : undefined;
}

/** The scan a slice-writer frame goes on from: a fresh one at the start, else the stored one if it is whole. */
export function scanToGoOn(record: RecordingRecord): WebmScan | undefined {
  if (record.format?.container !== 'webm') return undefined;
  if (record.sliceCount === 0) return newWebmScan();
  const scan = record.webmScan;
  return scan && scannedBytes(scan) === record.bytes ? scan : undefined;
}
