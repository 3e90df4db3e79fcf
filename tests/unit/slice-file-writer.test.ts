/**
 * Firefox's slice writer with a slice file (issue #17): the slices appended to one file, the
 * Cluster sizes written into it as they are settled, rows saying where each slice is. The
 * finished file composed from it is the very file composed from Blob rows, from a header and
 * at most two ranges of the one file (Firefox copies a Blob of more than 8 stored parts
 * into its parent process). Run on fake-indexeddb, with the file in memory.
 */

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { indexingWriter } from '../../src/pages/slice-writer/indexing-writer';
import type { FilePatch, SliceFile } from '../../src/pages/slice-writer/slice-file';
import { composeFinishedFile } from '../../src/platform/composed-file';
import { RecordingStore } from '../../src/platform/recording-store';
import type { SliceFiles } from '../../src/platform/slice-files';
import type { SliceWriter } from '../../src/platform/slice-channel';
import { newWebmScan } from '../../src/shared/webm-index';
import { recordedSlices } from './support/recorded-slices';
import { WEBM, recording } from './support/records';

/** A slice file in memory, as the worker keeps it on disk. */
class MemoryFile implements SliceFile {
  bytes = new Uint8Array(0);
  failNext = false;
  get end() {
    return this.bytes.length;
  }
  append(data: ArrayBuffer, patches: readonly FilePatch[]): Promise<number> {
    if (this.failNext) return Promise.reject(new Error('disk full'));
    const at = this.bytes.length;
    const grown = new Uint8Array(at + data.byteLength);
    grown.set(this.bytes);
    grown.set(new Uint8Array(data), at);
    for (const patch of patches) grown.set(patch.bytes, patch.at);
    this.bytes = grown;
    return Promise.resolve(at);
  }
}

let counter = 0;
const stores: RecordingStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  vi.restoreAllMocks();
});

function storeWith(file: MemoryFile | undefined) {
  const removed: string[] = [];
  const files: SliceFiles = {
    read: () => Promise.resolve(file && new Blob([file.bytes.slice()])),
    remove: (id) => (removed.push(id), Promise.resolve()),
  };
  const store = new RecordingStore(`slice-file-${counter++}`, { sliceRunLength: 0, files });
  stores.push(store);
  return { store, removed };
}

async function writeAll(writer: SliceWriter, slices: readonly Uint8Array<ArrayBuffer>[], from = 0) {
  for (const [seq, slice] of slices.entries()) await writer(from + seq, slice.slice().buffer);
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** The Blob parts of the file composed, by kind: new bytes, and parts of stored Blobs. */
async function composed(store: RecordingStore, record = recording({ format: WEBM })) {
  const parts = vi.spyOn(store, 'blobParts');
  const result = await composeFinishedFile(store, record);
  if (!('file' in result)) throw new Error(result.refusal);
  const made = parts.mock.results.at(-1)!.value as BlobPart[];
  // What the file says of itself: Firefox's background copies it into one file above 8.
  expect(result.storedParts).toBe(made.filter((part) => part instanceof Blob).length);
  return {
    bytes: await bytesOf(result.file),
    stored: result.storedParts,
    newParts: made.filter((part) => !(part instanceof Blob)).length,
  };
}

/** The recorded stream cut into `count` slices of about one size, most cut inside an element. */
function cutInto(recorded: readonly Uint8Array[], count: number): Uint8Array<ArrayBuffer>[] {
  const stream = new Uint8Array(recorded.reduce((sum, slice) => sum + slice.length, 0));
  recorded.reduce((at, slice) => (stream.set(slice, at), at + slice.length), 0);
  const size = Math.ceil(stream.length / count);
  return Array.from({ length: count }, (_, i) => stream.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
}

describe.each(['firefox-webm', 'firefox-audio-webm'])('the slice writer with a slice file: %s', (set) => {
  const slices = cutInto(recordedSlices(set), 40);
  const record = recording({ format: WEBM });

  /** A store and the frame's writer for `record`, the slices going to `file` (or into rows without one). */
  function writing(file: MemoryFile | undefined, { scanned = true } = {}) {
    const { store, removed } = storeWith(file);
    const seed = scanned ? newWebmScan() : undefined;
    const writer = indexingWriter({ store, recordingId: record.id, mimeType: WEBM.mimeType, seed, file });
    return { store, removed, writer };
  }

  async function inRows() {
    const { store, writer } = writing(undefined);
    await writeAll(writer, slices);
    return composed(store, record);
  }

  it('composes the same file as from Blob rows, from at most two ranges of the one file', async () => {
    const file = new MemoryFile();
    const { store, writer } = writing(file);
    await writeAll(writer, slices);
    const fromFile = await composed(store, record);
    const fromRows = await inRows();
    expect(fromFile.bytes).toEqual(fromRows.bytes);
    expect(fromRows.stored).toBeGreaterThan(8);
    expect(fromFile.stored).toBeLessThanOrEqual(2);
    // The header, and the last Cluster's header (its size was not settled while recording).
    expect(fromFile.newParts).toBe(2);
    // The file holds the slices as recorded, but for the Clusters' sizes.
    expect(file.bytes.length).toBe(slices.reduce((sum, slice) => sum + slice.length, 0));
  });

  it('places the stream in a file that holds bytes already, after slices stored in rows', async () => {
    const file = new MemoryFile();
    file.bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
    const { store } = storeWith(file);
    let scan = newWebmScan();
    const inRowsFirst = indexingWriter({
      store,
      recordingId: record.id,
      mimeType: WEBM.mimeType,
      seed: scan,
      file: undefined,
    });
    for (const [seq, slice] of slices.slice(0, 10).entries())
      scan = (await inRowsFirst(seq, slice.slice().buffer)).webmScan!;
    const thenFile = indexingWriter({ store, recordingId: record.id, mimeType: WEBM.mimeType, seed: scan, file });
    await writeAll(thenFile, slices.slice(10), 10);
    const mixed = await composed(store, record);
    expect(mixed.bytes).toEqual((await inRows()).bytes);
    // The ten rows, and the file's range after them in one or two parts.
    expect(mixed.stored).toBeLessThanOrEqual(12);
    expect([...file.bytes.subarray(0, 7)]).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps the slices stored before a failed append, and refuses the rest (they go over the link)', async () => {
    const file = new MemoryFile();
    const { store, writer } = writing(file);
    await writeAll(writer, slices.slice(0, 3));
    file.failNext = true;
    await expect(writer(3, slices[3]!.slice().buffer)).rejects.toThrow('disk full');
    file.failNext = false;
    await expect(writer(4, slices[4]!.slice().buffer)).rejects.toThrow('slice file failed');
    expect((await store.slices(record.id)).map((slice) => slice.seq)).toEqual([0, 1, 2]);
  });

  it('reads the slices back with their bytes, and deletes the file with the recording', async () => {
    const file = new MemoryFile();
    const { store, removed, writer } = writing(file, { scanned: false });
    await writeAll(writer, slices.slice(0, 3));
    const read = await store.slices(record.id);
    // No scan: no Cluster size written, the bytes are the recorded ones.
    for (const [i, slice] of read.entries()) expect(await bytesOf(slice.data)).toEqual(slices[i]);
    expect(read.map((slice) => slice.fileAt)).toEqual([0, slices[0]!.length, slices[0]!.length + slices[1]!.length]);
    await store.deleteRecording(record.id);
    expect(removed).toEqual([record.id]);
    expect(await store.slices(record.id)).toEqual([]);
  });

  it('ends the recording before a row the file does not hold (a file cut short)', async () => {
    const file = new MemoryFile();
    const { store, writer } = writing(file, { scanned: false });
    await writeAll(writer, slices.slice(0, 3));
    file.bytes = file.bytes.slice(0, file.bytes.length - 1);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect((await store.slices(record.id)).map((slice) => slice.seq)).toEqual([0, 1]);
  });
});
