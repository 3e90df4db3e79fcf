import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingStore } from '../../src/platform/recording-store';
import { packedRows, packNext } from '../../src/platform/slice-packs';
import { openRecorderDb } from '../../src/platform/recorder-db';
import type { StoredRow, StoredSlice } from '../../src/platform/stored-slice';
import type { FilePiece } from '../../src/shared/file-pieces';

let counter = 0;
const stores: RecordingStore[] = [];
function storeNamed(name: string, slicePackLength = 3): RecordingStore {
  const store = new RecordingStore(name, { sliceRunLength: 0, slicePackLength });
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  vi.restoreAllMocks();
});

const text = async (blob: Blob) => new TextDecoder().decode(await blob.arrayBuffer());
const row = (seq: number, bytes = `s${seq};`): StoredRow => ({
  recordingId: 'r',
  seq,
  data: new Blob([bytes]),
  size: bytes.length,
});

/** The rows and packs as stored, read past the store. */
function rawRows(name: string): Promise<{ slices: StoredRow[]; packs: { first: number; data: Blob }[] }> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(['slices', 'packs']);
      const slices = tx.objectStore('slices').getAll();
      const packs = tx.objectStore('packs').getAll();
      tx.oncomplete = () => (db.close(), resolve({ slices: slices.result, packs: packs.result }));
      tx.onerror = () => reject(tx.error);
    };
    request.onerror = () => reject(request.error);
  });
}

/** Stores `count` slices "s0;", "s1;", … and reads them along, packing. */
async function recorded(name: string, count: number, packLength = 3): Promise<RecordingStore> {
  const store = storeNamed(name, packLength);
  for (let seq = 0; seq < count; seq++) await store.appendSlice('r', seq, row(seq).data!);
  store.prefetchSlices('r', { pack: true });
  return store;
}

const seqs = (slices: readonly StoredRow[]) => slices.map((slice) => slice.seq);
const wholeFile = (slices: readonly StoredSlice[]): FilePiece[] =>
  slices.map((slice, index) => ({ part: 0, slice: index, start: 0, end: slice.size }));
const expected = (count: number) => Array.from({ length: count }, (_, seq) => `s${seq};`).join('');

describe('packedRows', () => {
  it('puts the bytes one after another and says where each row is', async () => {
    const { pack, rows } = packedRows('r', [row(5, 'ab'), row(6, 'cde'), row(7, 'f')]);
    expect(pack.first).toBe(5);
    expect(await text(pack.data)).toBe('abcdef');
    expect(rows.map(({ seq, pack: first, fileAt, size, data }) => ({ seq, first, fileAt, size, data }))).toEqual([
      { seq: 5, first: 5, fileAt: 0, size: 2, data: undefined },
      { seq: 6, first: 5, fileAt: 2, size: 3, data: undefined },
      { seq: 7, first: 5, fileAt: 5, size: 1, data: undefined },
    ]);
  });
});

describe('RecordingStore: packs of slices (Chromium)', () => {
  it('packs whole groups read along, and a file of them is one part per pack, the same bytes', async () => {
    const name = `packs-${counter++}`;
    const store = await recorded(name, 8);
    const slices = await store.slices('r');
    expect(slices.map((slice) => slice.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const parts = store.blobParts(wholeFile(slices), [slices]);
    expect(parts).toHaveLength(4);
    expect(await text(new Blob(parts))).toBe(expected(8));

    const { slices: rows, packs } = await rawRows(name);
    expect(packs.map((pack) => pack.first)).toEqual([0, 3]);
    expect(await text(packs[1]!.data)).toBe('s3;s4;s5;');
    expect(rows.map((stored) => [stored.seq, stored.pack, stored.fileAt, stored.data === undefined])).toEqual([
      [0, 0, 0, true],
      [1, 0, 3, true],
      [2, 0, 6, true],
      [3, 3, 0, true],
      [4, 3, 3, true],
      [5, 3, 6, true],
      [6, undefined, undefined, false],
      [7, undefined, undefined, false],
    ]);
  });

  it('makes no Blob for each packed slice as they are read along and finished (thousands are read)', async () => {
    const name = `packs-${counter++}`;
    const store = await recorded(name, 9);
    for (let seq = 9; seq < 12; seq++) await store.appendSlice('r', seq, row(seq).data!);
    const slice = vi.spyOn(Blob.prototype, 'slice');
    store.prefetchSlices('r', { pack: true });
    // Stop comes once the read along has packed (a Stop during a pack would not wait for it).
    await vi.waitFor(async () => expect((await rawRows(name)).packs).toHaveLength(4));
    store.prefetchSlices('r');
    const slices = await store.slices('r');
    const parts = store.blobParts(wholeFile(slices), [slices]);
    expect(slice).not.toHaveBeenCalled();
    expect(parts).toHaveLength(4);
    expect(await text(new Blob(parts))).toBe(expected(12));
  });

  it('reads packed slices back in another context, and a part of one slice alone', async () => {
    const name = `packs-${counter++}`;
    await (await recorded(name, 7)).slices('r');
    const elsewhere = storeNamed(name);
    const slices = await elsewhere.slices('r');
    expect(await text(new Blob(slices.map((slice) => slice.data)))).toBe(expected(7));
    expect(await text(await elsewhere.assemble('r', 'video/mp4'))).toBe(expected(7));
    const parts = elsewhere.blobParts([{ part: 0, slice: 4, start: 1, end: 3 }], [slices]);
    expect(await text(new Blob(parts))).toBe('4;');
  });

  it('reads along on from packed rows, and packs only once', async () => {
    const name = `packs-${counter++}`;
    const store = await recorded(name, 4);
    for (let seq = 4; seq < 7; seq++) await store.appendSlice('r', seq, row(seq).data!);
    store.prefetchSlices('r', { pack: true });
    const slices = await store.slices('r');
    expect(await text(new Blob(store.blobParts(wholeFile(slices), [slices])))).toBe(expected(7));
    expect((await rawRows(name)).packs.map((pack) => pack.first)).toEqual([0, 3]);
  });

  it('never packs as Stop is pressed (a read without `pack`)', async () => {
    const name = `packs-${counter++}`;
    const store = storeNamed(name);
    for (let seq = 0; seq < 6; seq++) await store.appendSlice('r', seq, row(seq).data!);
    store.prefetchSlices('r');
    expect(await text(await store.assemble('r', ''))).toBe(expected(6));
    expect((await rawRows(name)).packs).toEqual([]);
  });

  it('keeps a packed slice packed when its slice comes again (a retry after a lost answer)', async () => {
    const name = `packs-${counter++}`;
    const store = await recorded(name, 3);
    await store.slices('r');
    await store.appendSlice('r', 1, new Blob(['s1;']));
    const { slices } = await rawRows(name);
    expect(slices.map((stored) => stored.pack)).toEqual([0, 0, 0]);
    expect(await text(await store.assemble('r', ''))).toBe(expected(3));
  });

  it('packs nothing where less than a whole group of slices holding their own bytes follows', async () => {
    const name = `packs-${counter++}`;
    const store = storeNamed(name);
    for (let seq = 0; seq < 2; seq++) await store.appendSlice('r', seq, row(seq).data!);
    await store.appendSlice('r', 2, { fileAt: 0, size: 3 });
    const db = await openRecorderDb(name);
    const request = { database: name, recordingId: 'r', length: 3 };
    expect(await packNext(db, { ...request, after: -Infinity })).toBeUndefined();
    expect(await packNext(db, { ...request, after: 0 })).toBeUndefined();
    db.close();
    const after = await rawRows(name);
    expect(after.packs).toEqual([]);
    expect(after.slices.map((stored) => stored.pack)).toEqual([undefined, undefined, undefined]);
  });

  it('gives slices packed already as they are (a pack whose answer was lost), then packs on after them', async () => {
    const name = `packs-${counter++}`;
    const store = storeNamed(name);
    for (let seq = 0; seq < 7; seq++) await store.appendSlice('r', seq, row(seq).data!);
    const db = await openRecorderDb(name);
    const request = { database: name, recordingId: 'r', length: 3 };
    expect(await packNext(db, { ...request, after: -Infinity })).toEqual({ first: 0, last: 2, made: true });
    expect(await packNext(db, { ...request, after: -Infinity })).toEqual({ first: 0, last: 2, made: false });
    expect(await packNext(db, { ...request, after: 0 })).toEqual({ first: 1, last: 2, made: false });
    expect(await packNext(db, { ...request, after: 2 })).toEqual({ first: 3, last: 5, made: true });
    db.close();
    expect((await rawRows(name)).packs.map((pack) => pack.first)).toEqual([0, 3]);
    expect(await text(await store.assemble('r', ''))).toBe(expected(7));
  });

  it('asks the packer only where a whole group is stored after the last slice read', async () => {
    const name = `packs-${counter++}`;
    const packer = vi.fn(async () => undefined);
    const store = new RecordingStore(name, { sliceRunLength: 0, slicePackLength: 3, packer });
    stores.push(store);
    for (let seq = 0; seq < 2; seq++) await store.appendSlice('r', seq, row(seq).data!);
    store.prefetchSlices('r', { pack: true });
    expect(seqs(await store.slices('r'))).toEqual([0, 1]);
    expect(packer).not.toHaveBeenCalled();
    await store.appendSlice('r', 2, row(2).data!);
    store.prefetchSlices('r', { pack: true });
    await store.slices('r');
    expect(packer).toHaveBeenCalledExactlyOnceWith({ database: name, recordingId: 'r', after: -Infinity, length: 3 });
  });

  it('deletes the packs with the slices, and with the recording', async () => {
    const name = `packs-${counter++}`;
    const store = await recorded(name, 6);
    await store.slices('r');
    expect((await rawRows(name)).packs).toHaveLength(2);
    await store.deleteSlices('r');
    expect(await rawRows(name)).toEqual({ slices: [], packs: [] });

    const again = await recorded(`packs-${counter++}`, 3);
    await again.slices('r');
    await again.deleteRecording('r');
    expect(await again.slices('r')).toEqual([]);
  });
});
