import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../src/platform/recording-store';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { aRecord } from './support/records';

let counter = 0;
const stores: RecordingStore[] = [];
function freshStore(): RecordingStore {
  const store = new RecordingStore(`test-${counter++}`);
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

const record = (id: string): RecordingRecord => aRecord({ id });

/** A database as an older version wrote it: one record `old` with two slices, "one " and "two". */
function writeOldDatabase(name: string, version: number, slicesStore: string, old: object): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('recordings', { keyPath: 'id' }).put(old);
      const slices = db.createObjectStore(slicesStore, { keyPath: ['recordingId', 'seq'] });
      slices.put({ recordingId: 'old', seq: 0, data: new Blob(['one ']), size: 4 });
      slices.put({ recordingId: 'old', seq: 1, data: new Blob(['two']), size: 3 });
    };
    request.onsuccess = () => (request.result.close(), resolve());
    request.onerror = () => reject(request.error);
  });
}

const text = async (blob: Blob) => new TextDecoder().decode(await blob.arrayBuffer());

describe('RecordingStore', () => {
  it('assembles slices in sequence order, whatever order they were written in', async () => {
    const store = freshStore();
    await store.appendSlice('a', 2, new Blob(['three']));
    await store.appendSlice('a', 0, new Blob(['one ']));
    await store.appendSlice('a', 1, new Blob(['two ']));
    const file = await store.assemble('a', 'video/webm');
    expect(file.type).toBe('video/webm');
    expect(await text(file)).toBe('one two three');
  });

  it('keeps recordings apart', async () => {
    const store = freshStore();
    await store.appendSlice('a', 0, new Blob(['a0']));
    await store.appendSlice('b', 0, new Blob(['b0']));
    await store.appendSlice('a', 1, new Blob(['a1']));
    expect(await text(await store.assemble('a', ''))).toBe('a0a1');
    expect(await text(await store.assemble('b', ''))).toBe('b0');
  });

  it("counts a recording's slices after a given one, and no other recording's", async () => {
    const store = freshStore();
    for (const seq of [0, 1, 2, 3]) await store.appendSlice('a', seq, new Blob([`a${seq}`]));
    await store.appendSlice('b', 9, new Blob(['b9']));
    expect(await store.countSlicesAfter('a', 1)).toBe(2);
    expect(await store.countSlicesAfter('a', 3)).toBe(0);
    expect(await store.countSlicesAfter('a', -1)).toBe(4);
  });

  it('makes a repeated slice harmless', async () => {
    const store = freshStore();
    await store.appendSlice('a', 0, new Blob(['x']));
    await store.appendSlice('a', 0, new Blob(['x']));
    expect((await store.slices('a')).map((slice) => slice.size)).toEqual([1]);
  });

  it('stores records and deletes a recording with its slices', async () => {
    const store = freshStore();
    await store.saveRecording(record('a'));
    await store.saveRecording(record('b'));
    await store.appendSlice('a', 0, new Blob(['x']));
    await store.appendSlice('b', 0, new Blob(['y']));
    await store.deleteRecording('a');
    expect(await store.getRecording('a')).toBeUndefined();
    expect(await store.slices('a')).toEqual([]);
    expect((await store.listRecordings()).map((r) => r.id)).toEqual(['b']);
    expect(await store.slices('b')).toHaveLength(1);
  });
});

describe('a database written by version 0.1', () => {
  it('keeps its recordings and slices under the names used today', async () => {
    const name = `test-v1-${counter++}`;
    // The layout 0.1 wrote: slices in "chunks", records counting them in "chunkCount".
    const { sliceCount, ...old } = record('old');
    await writeOldDatabase(name, 1, 'chunks', { ...old, chunkCount: 2 + sliceCount });

    const store = new RecordingStore(name);
    stores.push(store);
    const migrated = await store.getRecording('old');
    expect(migrated?.sliceCount).toBe(2);
    expect(migrated).not.toHaveProperty('chunkCount');
    expect(await store.countSlices('old')).toBe(2);
    expect(await text(await store.assemble('old', 'video/webm'))).toBe('one two');
  });
});

describe('a database written by version 0.2 (before the index)', () => {
  it('keeps its recordings and slices as they are, and takes slices with their index', async () => {
    const name = `test-v2-${counter++}`;
    await writeOldDatabase(name, 2, 'slices', { ...record('old'), sliceCount: 2 });

    const store = new RecordingStore(name);
    stores.push(store);
    expect((await store.getRecording('old'))?.sliceCount).toBe(2);
    expect(await text(await store.assemble('old', 'video/webm'))).toBe('one two');
    // Old rows have no index: such a recording finishes by remux.
    expect((await store.slices('old')).map((slice) => slice.webmIndex ?? slice.mp4Samples)).toEqual([
      undefined,
      undefined,
    ]);

    const webmIndex = { start: 0, end: 3, clusters: [], cues: [], cuts: [], wholeTo: 0, endTime: 0 };
    await store.appendSlice('new', 0, new Blob(['abc']), { webmIndex });
    expect((await store.slices('new'))[0]).toMatchObject({ size: 3, webmIndex });
  });
});

describe('RecordingStore: slices read ahead of the end', () => {
  it('gives the same slices as a full read, the rows stored after the read ahead included', async () => {
    const store = freshStore();
    for (let seq = 0; seq < 300; seq++) await store.appendSlice('a', seq, new Blob([`s${seq}`]));
    await store.appendSlice('b', 0, new Blob(['other']));
    store.prefetchSlices('a');
    await store.appendSlice('a', 300, new Blob(['late']));
    const taken = await store.slices('a');
    expect(taken.map((row) => row.seq)).toEqual(Array.from({ length: 301 }, (_, seq) => seq));
    expect(await text(taken[300]!.data)).toBe('late');
    // Used once: the next read is a full one, as before.
    expect((await store.slices('a')).length).toBe(301);
  });
});
