/**
 * How the slice-writer frame stores each slice: indexes a WebM on the way (from the scan the
 * background handed over), appends the bytes to the recording's slice file with the sizes
 * of the Clusters the slice completes, then writes the slice's row saying where they are.
 * Without a slice file (no OPFS), the row holds the bytes as a Blob, as before.
 */

import type { RecordingStore } from '../../platform/recording-store';
import type { SliceWriter } from '../../platform/slice-channel';
import type { SliceBytes } from '../../platform/stored-slice';
import {
  clusterSizes,
  scanWebmSlice,
  type OpenCluster,
  type WebmScan,
  type WebmSliceIndex,
} from '../../shared/webm-index';
import type { FilePatch, SliceFile } from './slice-file';

export interface IndexingWriterOptions {
  store: Pick<RecordingStore, 'appendSlice'>;
  recordingId: string;
  mimeType: string;
  /** The WebM scan where the stored stream ends, from the background. */
  seed: WebmScan | undefined;
  file: SliceFile | undefined;
}

export function indexingWriter({ store, recordingId, mimeType, seed, file }: IndexingWriterOptions): SliceWriter {
  let scan = seed;
  let open: OpenCluster | undefined;
  /**
   * The stream's place in the file: file position = stream position + `shift`, for the
   * stream from `first` on (what this frame wrote; slices before it went another way).
   */
  let placed: { shift: number; first: number } | undefined;
  let broken = false;

  const write = async (seq: number, data: ArrayBuffer) => {
    // A failed append leaves the file's end unknown: the content sends the rest another way.
    if (broken) throw new Error('the slice file failed');
    const scanned = scan && scanWebmSlice(scan, new Uint8Array(data));
    let index: WebmSliceIndex | undefined = scanned?.index;
    let bytes: SliceBytes;
    let stillOpen = open;
    if (file) {
      if (index && !index.refused && !placed) placed = { shift: file.end - index.start, first: index.start };
      const sizes = index && !index.refused && placed ? clusterSizes(open, index) : undefined;
      const patches: FilePatch[] = [];
      for (const patch of sizes?.patches ?? []) {
        if (placed && patch.at >= placed.first) patches.push({ at: patch.at + placed.shift, bytes: patch.bytes });
      }
      try {
        bytes = { fileAt: await file.append(data, patches), size: data.byteLength };
      } catch (error) {
        broken = true;
        throw error;
      }
      if (index && patches.length > 0) {
        index = { ...index, sizedInStore: patches.map((patch) => patch.at - placed!.shift) };
      }
      stillOpen = sizes?.open;
    } else {
      bytes = new Blob([data], { type: mimeType });
    }
    await store.appendSlice(recordingId, seq, bytes, index ? { webmIndex: index } : {});
    // Only once stored: a failed write leaves the scan where the stored bytes end.
    scan = scanned?.scan;
    open = stillOpen;
    return scan ? { webmScan: scan } : {};
  };
  return Object.assign(write, { toFile: file !== undefined });
}
