/**
 * What the background does with each recorded slice: stores it (or counts one the page's
 * slice-writer frame stored itself), tallies an MP4's packets on the way so finishing need
 * not read them again, and stops the recording in time when storage runs low.
 */

import type { RecordingStore } from '../../platform/recording-store';
import { newFragmentTally, tallySlice } from '../../shared/fragment-tally';
import type { RecordingRecord } from '../../shared/recording-record';

/** Room kept free beyond a second copy of the recording (see watchSpace). */
export const STORAGE_MARGIN_BYTES = 16 * 1024 * 1024;

export interface SliceIntakeDeps {
  store: Pick<RecordingStore, 'appendSlice' | 'countSlices' | 'slices'>;
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
    try {
      await this.deps.store.appendSlice(record.id, seq, blob);
      // Only from the first slice on: a tally that missed one would fall short.
      if (record.format?.container === 'mp4' && (record.packetTally || record.sliceCount === 0)) {
        record.packetTally = tallySlice(record.packetTally ?? newFragmentTally(), new Uint8Array(data));
      }
      record.bytes += blob.size;
      record.sliceCount++;
    } catch (error) {
      // Storage is full or broken: stop cleanly and keep what was written.
      console.error('Media Recorder: could not store a slice', error);
      record.error = 'storage-failed';
      this.deps.stopCapture(record);
    }
  }

  /** A slice the page's slice-writer frame stored itself: count it. */
  countStored(record: RecordingRecord, size: number): void {
    if (!Number.isSafeInteger(size) || size < 0) return;
    record.bytes += size;
    record.sliceCount++;
    // Its bytes were not seen here, so a tally would fall short: count when finishing.
    record.packetTally = undefined;
  }

  /**
   * Stops in time when storage runs low: finishing a recording writes a second copy of it,
   * so the room left must cover what was recorded so far, plus a margin.
   */
  async watchSpace(record: RecordingRecord): Promise<void> {
    if (record.error === 'storage-full' || record.error === 'storage-failed') return;
    if ((await this.deps.freeSpace()) < record.bytes + STORAGE_MARGIN_BYTES) {
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
      if ((await this.deps.store.countSlices(record.id)) === record.sliceCount) return;
      const stored = await this.deps.store.slices(record.id);
      record.sliceCount = stored.length;
      record.bytes = stored.reduce((sum, slice) => sum + slice.size, 0);
      record.packetTally = undefined;
    } catch (error) {
      console.warn('Media Recorder: could not count the stored slices', error);
    }
  }
}
