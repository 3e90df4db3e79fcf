import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SliceIntake } from '../../src/background/recordings/slice-intake';
import { composeFinishedFile } from '../../src/platform/composed-file';
import { RecordingStore } from '../../src/platform/recording-store';
import { IndexPrefixes } from '../../src/platform/index-prefixes';
import { aheadBytes, writeMp4Header, type TablePrefix } from '../../src/shared/mp4-index';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { newWebmScan, scanWebmSlice } from '../../src/shared/webm-index';
import { joined } from './support/mp4-compose';
import { MP4, WEBM, recording } from './support/records';
import { recordedSlices } from './support/recorded-slices';
import { finishWebmFromIndexes } from './support/webm-index-files';

let counter = 0;
const stores: RecordingStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  vi.restoreAllMocks();
});

/** A recording stored through the real intake, on fake-indexeddb. */
async function stored(set: string, overrides: Partial<RecordingRecord>, sliceRunLength?: number) {
  const store = new RecordingStore(`composed-${counter++}`, { sliceRunLength });
  stores.push(store);
  const intake = new SliceIntake({ store, freeSpace: async () => Infinity, stopCapture: () => undefined });
  const record = recording(overrides);
  const slices = recordedSlices(set);
  for (const [seq, slice] of slices.entries()) await intake.store(record, seq, slice.buffer);
  return { store, record, slices, intake };
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

describe('composeFinishedFile', () => {
  it('composes an MP4 of its new header and the stored slices, byte for byte', async () => {
    const { store, record, slices } = await stored('chromium-mp4', { format: MP4 });
    const composed = await composeFinishedFile(store, record);
    if (!('file' in composed)) throw new Error(composed.refusal);
    const rows = await store.slices(record.id);
    const header = writeMp4Header(
      record.mp4Init,
      rows.map((row) => row.mp4Samples),
      record.mp4Index,
      { endTogether: true },
    );
    if ('refusal' in header) throw new Error(header.refusal);
    const headerBytes = joined(header.header);
    const expected = new Uint8Array(headerBytes.length + record.bytes);
    expected.set(headerBytes);
    let at = headerBytes.length;
    for (const slice of slices) {
      expected.set(slice, at);
      at += slice.length;
    }
    expect(await bytesOf(composed.file)).toEqual(expected);
    expect(composed.file.type).toBe(MP4.mimeType);
    expect(composed.newBytes).toBe(headerBytes.length);
  });

  it("uses the tables Stop's read gathered, with slices stored after it, for the same bytes", async () => {
    const { store, record, slices, intake } = await stored('chromium-mp4', { format: MP4 });
    const unread = await composeFinishedFile(store, record);
    // Stop's read gathers the tables of what is stored so far; the last slice comes after it.
    const last = slices.at(-1)!;
    await store.deleteSlices(record.id);
    const again = { ...record, bytes: 0, sliceCount: 0, mp4Index: undefined, mp4Init: undefined };
    for (const [seq, slice] of slices.slice(0, -1).entries()) await intake.store(again, seq, slice.buffer);
    const gathered = vi.spyOn(IndexPrefixes.prototype, 'gather');
    store.prefetchSlices(record.id, { gather: true });
    await vi.waitFor(() => expect(gathered).toHaveBeenCalledOnce());
    const prefix = vi.spyOn(store, 'tablePrefix');
    const blobParts = vi.spyOn(store, 'blobParts');
    await intake.store(again, slices.length - 1, last.buffer);
    const composed = await composeFinishedFile(store, again);
    if (!('file' in unread) || !('file' in composed)) throw new Error('refused');
    const taken = prefix.mock.results[0]!.value as TablePrefix;
    expect(taken.records).toHaveLength(slices.length - 1);
    expect(await bytesOf(composed.file)).toEqual(await bytesOf(unread.file));
    // The table entries written ahead go into the file as the Blobs made of them at Stop's
    // read: the only bytes left to copy into it are those written at the end.
    const kept = [...taken.tables.values()].flatMap((samples) => aheadBytes(samples.ahead)).filter((b) => b.length);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    const parts = blobParts.mock.results[0]!.value as BlobPart[];
    expect(parts.filter((part) => kept.includes(part as Uint8Array<ArrayBuffer>))).toEqual([]);
    const copied = parts.reduce((sum, part) => sum + (part instanceof Uint8Array ? part.byteLength : 0), 0);
    expect(copied).toBe(composed.newBytes - kept.reduce((sum, bytes) => sum + bytes.length, 0));
  });

  it("uses the WebM index Stop's read folded, with slices stored after it, for the same bytes", async () => {
    const { store, record, slices, intake } = await stored('firefox-webm', { format: WEBM });
    const unread = await composeFinishedFile(store, record);
    await store.deleteSlices(record.id);
    const again = { ...record, bytes: 0, sliceCount: 0, webmScan: undefined };
    for (const [seq, slice] of slices.slice(0, -1).entries()) await intake.store(again, seq, slice.buffer);
    const folded = vi.spyOn(IndexPrefixes.prototype, 'gather');
    store.prefetchSlices(record.id, { gather: true });
    await vi.waitFor(() => expect(folded).toHaveBeenCalledOnce());
    const prefix = vi.spyOn(store, 'webmFoldPrefix');
    await intake.store(again, slices.length - 1, slices.at(-1)!.buffer);
    const composed = await composeFinishedFile(store, again);
    if (!('file' in unread) || !('file' in composed)) throw new Error('refused');
    expect(prefix.mock.results[0]!.value?.indexes).toHaveLength(slices.length - 1);
    expect(await bytesOf(composed.file)).toEqual(await bytesOf(unread.file));
  });

  it('cuts an MP4 where the user pressed Stop', async () => {
    const { store, record } = await stored('chromium-mp4', { format: MP4 });
    const whole = await composeFinishedFile(store, record);
    const cut = await composeFinishedFile(store, { ...record, endAtMs: 1000 });
    if (!('file' in whole) || !('file' in cut)) throw new Error('refused');
    expect(cut.durationMs).toBeLessThanOrEqual(1000);
    expect(cut.durationMs).toBeLessThan(whole.durationMs);
  });

  it('composes a WebM of its header, the new Cluster headers and ranges of the stored slices', async () => {
    const { store, record, slices } = await stored('firefox-webm', { format: WEBM });
    const composed = await composeFinishedFile(store, record);
    if (!('file' in composed)) throw new Error(composed.refusal);
    let scan = newWebmScan();
    const indexes = slices.map((slice) => {
      const next = scanWebmSlice(scan, slice);
      scan = next.scan;
      return next.index;
    });
    const finished = finishWebmFromIndexes(indexes);
    if ('refused' in finished) throw new Error(finished.refused);
    const joined = new Uint8Array(record.bytes);
    slices.reduce((at, slice) => (joined.set(slice, at), at + slice.length), 0);
    const body = finished.body.map((piece) =>
      piece instanceof Uint8Array ? piece : joined.subarray(piece.start, piece.end),
    );
    expect(await bytesOf(composed.file)).toEqual(await bytesOf(new Blob([finished.header, ...body])));
    expect(composed.newBytes).toBe(finished.newBytes);
  });

  it('composes an MP4 from runs of slices read ahead, each one Blob part, with the same bytes', async () => {
    const { store, record } = await stored('chromium-mp4', { format: MP4 }, 2);
    const parts = vi.spyOn(store, 'blobParts');
    const unread = await composeFinishedFile(store, record);
    store.prefetchSlices(record.id);
    const read = await composeFinishedFile(store, record);
    if (!('file' in unread) || !('file' in read)) throw new Error('not composed');
    expect(await bytesOf(read.file)).toEqual(await bytesOf(unread.file));
    const [apart, inRuns] = parts.mock.results.map((result) => (result.value as BlobPart[]).length);
    // The header and each slice; then the header, a part per run of 2, and the slice left over.
    const slices = apart! - 1;
    expect(slices).toBeGreaterThanOrEqual(2);
    expect(inRuns).toBe(1 + Math.floor(slices / 2) + (slices % 2));
  });

  it('composes a WebM read ahead with the same bytes (its slices are not whole in the file: no runs)', async () => {
    const { store, record } = await stored('firefox-webm', { format: WEBM }, 2);
    const unread = await composeFinishedFile(store, record);
    store.prefetchSlices(record.id);
    const read = await composeFinishedFile(store, record);
    if (!('file' in unread) || !('file' in read)) throw new Error('not composed');
    expect(await bytesOf(read.file)).toEqual(await bytesOf(unread.file));
  });

  it('refuses, with the reason, what it cannot compose: finishing then remuxes', async () => {
    const { store, record } = await stored('chromium-mp4', { format: MP4 });
    expect(await composeFinishedFile(store, { ...record, mp4Index: undefined })).toEqual({
      refusal: 'no index was kept while recording',
    });
    // A slice the index never saw (stored some other way) makes the data disagree.
    await store.appendSlice(record.id, 999, new Blob([new Uint8Array(10)]));
    expect(await composeFinishedFile(store, record)).toHaveProperty('refusal');
    expect(await composeFinishedFile(store, { ...record, format: { ...WEBM, container: 'ogg' } })).toHaveProperty(
      'refusal',
    );
    const webm = await stored('chromium-webm', { format: WEBM });
    await webm.store.appendSlice(webm.record.id, 999, new Blob([new Uint8Array(10)]));
    expect(await composeFinishedFile(webm.store, webm.record)).toEqual({ refusal: 'slice 999 has no index' });
  });

  it('refuses a WebM whose slice is not the size its index covers', async () => {
    const { store, record, slices } = await stored('chromium-webm', { format: WEBM });
    const [first] = await store.slices(record.id);
    // The first slice stored again one byte short, under its own index.
    await store.appendSlice(record.id, first!.seq, new Blob([slices[0]!.subarray(1)]), { webmIndex: first!.webmIndex });
    expect(await composeFinishedFile(store, record)).toEqual({
      refusal: `the index of slice ${first!.seq} does not cover its ${slices[0]!.byteLength - 1} bytes`,
    });
  });
});

describe('slice intake: the index', () => {
  it('indexes only what was appended: a slice whose write failed leaves the index as it was', async () => {
    const store = new RecordingStore(`composed-${counter++}`);
    stores.push(store);
    const append = vi.spyOn(store, 'appendSlice');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const intake = new SliceIntake({ store, freeSpace: async () => Infinity, stopCapture: () => undefined });
    const record = recording({ format: MP4 });
    const [first, second] = recordedSlices('chromium-mp4');
    await intake.store(record, 0, first!.buffer);
    const after = record.mp4Index;
    append.mockRejectedValueOnce(new DOMException('Quota exceeded', 'QuotaExceededError'));
    await intake.store(record, 1, second!.buffer);
    expect(record.mp4Index).toBe(after);
    expect(record.mp4Index!.position).toBe(record.bytes);
  });

  it('drops the index when a slice comes that it did not see the start of, and logs a refusal once', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const { record, intake } = await stored('chromium-mp4', { format: MP4, bytes: 5, sliceCount: 1 });
    expect(record.mp4Index).toBeUndefined();
    const broken = await stored('chromium-mp4', { format: MP4 });
    expect(broken.record.mp4Index?.refusal).toBeUndefined();
    const other = recording({ format: MP4 });
    await intake.store(other, 0, new TextEncoder().encode('not an mp4 at all').buffer);
    await intake.store(other, 1, new Uint8Array(100).buffer);
    expect(other.mp4Index?.refusal).toMatch(/not an MP4/);
    expect(info).toHaveBeenCalledTimes(1);
  });

  it('takes a WebM scan from the frame only when it has seen exactly the bytes stored', async () => {
    const { intake } = await stored('firefox-webm', { format: WEBM });
    const record = recording({ format: WEBM });
    const [first, second] = recordedSlices('firefox-webm');
    const after = scanWebmSlice(newWebmScan(), first!).scan;
    intake.countStored(record, first!.length, after);
    expect(record.webmScan).toEqual(after);
    // A scan that does not follow on from the bytes stored is dropped: the recording remuxes.
    intake.countStored(record, second!.length, after);
    expect(record.webmScan).toBeUndefined();
  });
});
