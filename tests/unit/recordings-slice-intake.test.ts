import { describe, expect, it, vi } from 'vitest';
import { SliceIntake, STORAGE_MARGIN_BYTES } from '../../src/background/recordings/slice-intake';
import { indexedPacketCounts, newMp4IndexState } from '../../src/shared/mp4-index';
import { headerReserveBytes } from '../../src/background/recordings/slice-index';
import type { SliceIndexes } from '../../src/platform/stored-slice';
import { countFragmentedMp4Packets } from '../../src/shared/mp4-packet-count';
import { MP4, recording } from './support/records';
import { recordedSlices } from './support/recorded-slices';

function intake() {
  const stored: { id: string; seq: number; blob: Blob; indexes?: SliceIndexes }[] = [];
  const space = { free: Infinity };
  const store = {
    appendSlice: vi.fn(
      async (id: string, seq: number, blob: Blob, indexes?: SliceIndexes) =>
        void stored.push({ id, seq, blob, indexes }),
    ),
    countSlicesAfter: vi.fn(
      async (id: string, seq: number) => stored.filter((slice) => slice.id === id && slice.seq > seq).length,
    ),
    slices: vi.fn(async (id: string) =>
      stored
        .filter((slice) => slice.id === id)
        .map(({ seq, blob }) => ({ recordingId: id, seq, data: blob, size: blob.size })),
    ),
  };
  const stopCapture = vi.fn();
  const slices = new SliceIntake({ store, freeSpace: async () => space.free, stopCapture });
  return { slices, stored, store, space, stopCapture };
}

const bytes = (n: number) => new Uint8Array(n).buffer;

describe('SliceIntake', () => {
  it('stores each slice with the recording’s type, and counts it', async () => {
    const { slices, stored } = intake();
    const record = recording();
    await slices.store(record, 0, bytes(10));
    await slices.store(record, 1, bytes(20));
    expect(stored.map(({ seq, blob }) => [seq, blob.size, blob.type])).toEqual([
      [0, 10, record.format!.mimeType],
      [1, 20, record.format!.mimeType],
    ]);
    expect(record).toMatchObject({ bytes: 30, sliceCount: 2 });
    expect(record.packetTally).toBeUndefined();
  });

  it("indexes an MP4 from its first slice on, each slice's samples stored with it", async () => {
    const { slices, stored } = intake();
    const record = recording({ format: MP4 });
    const recorded = recordedSlices('chromium-mp4');
    for (const [seq, slice] of recorded.entries()) await slices.store(record, seq, slice.buffer);
    expect(indexedPacketCounts(record.mp4Index)).toEqual(await countFragmentedMp4Packets(new Blob(recorded)));
    expect(record.mp4Index!.position).toBe(record.bytes);
    expect(record.mp4Init).toBeInstanceOf(Uint8Array);
    expect(stored.every((slice) => slice.indexes?.mp4Samples)).toBe(true);

    const joinedLate = recording({ format: MP4, sliceCount: 1 });
    await slices.store(joinedLate, 1, recorded[1]!.buffer);
    expect(joinedLate.mp4Index).toBeUndefined();
  });

  it('stops the capture and stores no more once storage failed', async () => {
    const { slices, store, stopCapture } = intake();
    const record = recording();
    store.appendSlice.mockRejectedValueOnce(new DOMException('Quota exceeded', 'QuotaExceededError'));
    vi.spyOn(console, 'error').mockImplementationOnce(() => undefined);
    await slices.store(record, 0, bytes(10));
    expect(record).toMatchObject({ error: 'storage-failed', sliceCount: 0, bytes: 0 });
    expect(stopCapture).toHaveBeenCalledWith(record);
    await slices.store(record, 1, bytes(10));
    expect(store.appendSlice).toHaveBeenCalledTimes(1);
  });

  it('counts a slice the frame stored, drops the tally it cannot keep, and ignores a bad size', () => {
    const { slices } = intake();
    const record = recording({ format: MP4, packetTally: { pending: [] } as never });
    slices.countStored(record, 100);
    slices.countStored(record, -1);
    slices.countStored(record, 1.5);
    expect(record).toMatchObject({ bytes: 100, sliceCount: 1, packetTally: undefined });
  });

  it('stops once, when the room left would not hold a second copy and the margin', async () => {
    const { slices, space, stopCapture } = intake();
    const record = recording({ bytes: 1_000 });
    space.free = STORAGE_MARGIN_BYTES + 1_000;
    await slices.watchSpace(record);
    expect(stopCapture).not.toHaveBeenCalled();
    space.free -= 1;
    await slices.watchSpace(record);
    await slices.watchSpace(record);
    expect(stopCapture).toHaveBeenCalledTimes(1);
    expect(record.error).toBe('storage-full');
  });

  it('keeps room for only the header when the recording is indexed, and for a second copy when not', async () => {
    const { slices, space, stopCapture } = intake();
    const bytes = 100 * 1024 * 1024;
    const indexed = recording({ format: MP4, bytes, mp4Index: newMp4IndexState() });
    space.free = STORAGE_MARGIN_BYTES + headerReserveBytes(bytes);
    await slices.watchSpace(indexed);
    expect(stopCapture).not.toHaveBeenCalled();
    expect(headerReserveBytes(bytes)).toBeLessThan(bytes * 0.05);
    // Its index lost (finishing will remux): the old reserve applies.
    await slices.watchSpace({ ...indexed, mp4Index: undefined });
    expect(stopCapture).toHaveBeenCalledTimes(1);
  });

  it('counts slices the frame stored whose news never came, from what storage holds', async () => {
    const { slices, stored, store } = intake();
    const record = recording({ format: MP4, bytes: 10, sliceCount: 1, packetTally: { pending: [] } as never });
    stored.push(
      { id: record.id, seq: 0, blob: new Blob([bytes(10)]) },
      { id: record.id, seq: 1, blob: new Blob([bytes(25)]) },
    );
    await slices.countUnannounced(record);
    expect(record).toMatchObject({ sliceCount: 2, bytes: 35, packetTally: undefined });

    store.slices.mockClear();
    await slices.countUnannounced(record);
    expect(store.slices).not.toHaveBeenCalled();
    await slices.countUnannounced({ ...record, slicesDeleted: true, sliceCount: 9 });
    expect(store.countSlicesAfter).toHaveBeenCalledTimes(2);
    // Only the rows after the last slice told of were counted.
    expect(store.countSlicesAfter).toHaveBeenLastCalledWith(record.id, 1);
  });
});
