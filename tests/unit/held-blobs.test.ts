import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { HeldBlobs } from '../../src/platform/held-blobs';
import { RecordingStore } from '../../src/platform/recording-store';
import type { StoredSlice } from '../../src/platform/stored-slice';
import { aRecord } from './support/records';

let counter = 0;
const stores: RecordingStore[] = [];
function freshStore(slicePackLength = 3): RecordingStore {
  const store = new RecordingStore(`held-${counter++}`, { sliceRunLength: 0, slicePackLength });
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

const text = async (blob: Blob) => new TextDecoder().decode(await blob.arrayBuffer());

async function stored(store: RecordingStore, count: number, from = 0): Promise<void> {
  for (let seq = from; seq < from + count; seq++) await store.appendSlice('r', seq, new Blob([`s${seq};`]));
}

/** What a slice's bytes are read from: its own Blob, or the pack it is in. */
const source = (slice: StoredSlice): Blob => slice.file ?? slice.data;

describe('HeldBlobs', () => {
  it('gives the first Blob held for a key, whatever is read after', () => {
    const held = new HeldBlobs();
    const first = new Blob(['a']);
    expect(held.hold('r', 'slice:0', first)).toBe(first);
    expect(held.hold('r', 'slice:0', new Blob(['a']))).toBe(first);
    expect(held.hold('other', 'slice:0', new Blob(['a']))).not.toBe(first);
    expect(held.count('r')).toBe(1);
  });

  it('lets go of one Blob, or of a recording', () => {
    const held = new HeldBlobs();
    held.hold('r', 'slice:0', new Blob(['a']));
    held.hold('r', 'slice:1', new Blob(['b']));
    held.release('r', 'slice:0');
    expect(held.count('r')).toBe(1);
    const again = new Blob(['a']);
    expect(held.hold('r', 'slice:0', again)).toBe(again);
    held.releaseRecording('r');
    expect(held.count('r')).toBe(0);
  });
});

describe('RecordingStore: one Blob object per stored Blob (Chromium kills a renderer over a re-read one)', () => {
  it('gives the Blob objects first read when a recording is read again', async () => {
    const store = freshStore();
    await stored(store, 2);
    const first = await store.slices('r');
    const again = await store.slices('r');
    expect(again.map((slice) => slice.data)).toEqual(first.map((slice) => slice.data));
    again.forEach((slice, at) => expect(slice.data).toBe(first[at]!.data));
    expect(await text(new Blob(again.map((slice) => slice.data)))).toBe('s0;s1;');
  });

  it('gives the pack first read for every read along and every read after', async () => {
    const store = freshStore();
    await stored(store, 3);
    store.prefetchSlices('r', { pack: true });
    const first = await store.slices('r');
    await stored(store, 3, 3);
    // Each step along reads the packs again.
    store.prefetchSlices('r', { pack: true });
    const again = await store.slices('r');
    expect(again.map((slice) => slice.pack)).toEqual([0, 0, 0, 3, 3, 3]);
    for (const at of [0, 1, 2]) expect(source(again[at]!)).toBe(source(first[0]!));
    expect(source(again[3]!)).toBe(source(again[5]!));
    expect(await text(new Blob(again.map((slice) => slice.data)))).toBe('s0;s1;s2;s3;s4;s5;');
    expect(store.held.count('r')).toBe(2);
  });

  it('lets go of a slice once it is read packed, and of everything once the slices are deleted', async () => {
    const store = freshStore();
    await stored(store, 3);
    // Read as Stop reads: not packed yet.
    await store.slices('r');
    expect(store.held.count('r')).toBe(3);
    store.prefetchSlices('r', { pack: true });
    await store.slices('r');
    expect(store.held.count('r')).toBe(1);
    await store.deleteSlices('r');
    expect(store.held.count('r')).toBe(0);
  });

  it('lets go of a deleted recording', async () => {
    const store = freshStore();
    await stored(store, 2);
    await store.slices('r');
    await store.deleteRecording('r');
    expect(store.held.count('r')).toBe(0);
  });
});

describe('RecordingStore.letGoOfFreed: recordings deleted by another context', () => {
  it('lets go of those deleted or whose slices were freed, and keeps the others', async () => {
    const name = `held-${counter++}`;
    const reader = new RecordingStore(name, { sliceRunLength: 0, slicePackLength: 0 });
    const deleter = new RecordingStore(name, { sliceRunLength: 0, slicePackLength: 0 });
    stores.push(reader, deleter);
    for (const id of ['kept', 'deleted', 'freed']) {
      await deleter.saveRecording(aRecord({ id }));
      await deleter.appendSlice(id, 0, new Blob(['s0;']));
      await reader.slices(id);
    }
    await deleter.deleteRecording('deleted');
    await deleter.deleteSlices('freed');
    await deleter.saveRecording(aRecord({ id: 'freed', slicesDeleted: true }));

    await reader.letGoOfFreed();
    expect(['kept', 'deleted', 'freed'].map((id) => reader.held.count(id))).toEqual([1, 0, 0]);
  });
});
