/**
 * What the background does with each recorded slice: stores it (or counts one the page's
 * slice-writer frame stored itself), indexes it on the way (slice-index.ts) so finishing
 * writes only a header, and stops the recording in time when storage runs low.
 */

import type { RecordingStore } from '../../platform/recording-store';
import type { RecordingRecord } from '../../shared/recording-record';
import { headerReserveBytes, indexSliceFor, storedScanFor, type IndexedSlice } from './slice-index';
import type { WebmScan } from '../../shared/webm-index';

/** Room kept free beyond what finishing writes (see watchSpace). */
export const STORAGE_MARGIN_BYTES = 16 * 1024 * 1024;

export interface SliceIntakeDeps {
  store: Pick<RecordingStore, 'appendSlice' | 'countSlicesAfter' | 'slices'>;
  /** Bytes the extension may still store. */
  freeSpace(): Promise<number>;
  /** Asks the page to stop recording, when the background has to (storage full or failed). */
  stopCapture(record: RecordingRecord): void;
}

export class SliceIntake {
  constructor(private readonly deps: SliceIntakeDeps) {}

  async store(record: RecordingRecord, seq: number, data: ArrayBuffer): Promise<void> {
    if (record.error === 'storage-failed') return;
    const blob = new Blob([data], { type: record.format?.mimeType ?? '' });
    // Indexed only once appended, so a slice sent again and skipped is never indexed twice.
    const indexed: IndexedSlice = indexSliceFor(record, new Uint8Array(data));
    try {
      await this.deps.store.appendSlice(record.id, seq, blob, indexed.row);
      indexed.apply(record);
      record.bytes += blob.size;
      record.sliceCount++;
    } catch (error) {
      // Storage is full or broken: stop cleanly and keep what was written.
      console.error('Media Recorder: could not store a slice', error);
      record.error = 'storage-failed';
      this.deps.stopCapture(record);
    }
  }

  /**
   * A slice the page's slice-writer frame stored itself: count it. The frame indexed a WebM
   * on the way and says where its scan is; its bytes were not seen here otherwise, so any
   * other index would fall short and is dropped (finishing remuxes).
   */
  countStored(record: RecordingRecord, size: number, webmScan?: WebmScan): void {
    if (!Number.isSafeInteger(size) || size < 0) return;
    record.webmScan = storedScanFor(record, size, webmScan);
    record.bytes += size;
    record.sliceCount++;
    record.packetTally = undefined;
    record.mp4Index = undefined;
  }

  /**
   * Stops in time when storage runs low. Finishing an indexed recording writes only a header;
   * otherwise the remux writes a second copy of it, so the room left must cover what was
   * recorded so far. A margin either way.
   */
  async watchSpace(record: RecordingRecord): Promise<void> {
    if (record.error === 'storage-full' || record.error === 'storage-failed') return;
    const indexed = (record.mp4Index && !record.mp4Index.refusal) || (record.webmScan && !record.webmScan.refused);
    const finishing = indexed ? headerReserveBytes(record.bytes) : record.bytes;
    if ((await this.deps.freeSpace()) < finishing + STORAGE_MARGIN_BYTES) {
      record.error = 'storage-full';
      this.deps.stopCapture(record);
    }
  }

  /**
   * A slice-writer frame may have stored a slice whose news never came (the tab closed, or
   * the browser was killed, in between). It is part of the file all the same; count it.
   */
  async countUnannounced(record: RecordingRecord): Promise<void> {
    if (record.slicesDeleted) return;
    try {
      // The page stores its slices and tells of them in order, from 0: one whose news never
      // came follows the last one told of. Counting only those reads no other row (counting
      // every row took 91 ms at 3 hours, between Stop and the download).
      if ((await this.deps.store.countSlicesAfter(record.id, record.sliceCount - 1)) === 0) return;
      const stored = await this.deps.store.slices(record.id);
      record.sliceCount = stored.length;
      record.bytes = stored.reduce((sum, slice) => sum + slice.size, 0);
      record.packetTally = undefined;
      // The index missed the unannounced slice: finishing remuxes.
      record.mp4Index = undefined;
      record.webmScan = undefined;
    } catch (error) {
      console.warn('Media Recorder: could not count the stored slices', error);
    }
  }
}
