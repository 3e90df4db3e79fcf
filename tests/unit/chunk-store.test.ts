import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChunkStore } from '../../src/shared/chunk-store';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { initialTimeline } from '../../src/shared/recording-state';

let counter = 0;
const stores: ChunkStore[] = [];
function freshStore(): ChunkStore {
  const store = new ChunkStore(`test-${counter++}`);
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

function record(id: string): RecordingRecord {
  return {
    id,
    tabId: 1,
    frameId: 0,
    mediaId: 'm1',
    mediaKind: 'video',
    pageTitle: 'Page',
    pageUrl: 'https://example.org/',
    mediaTitle: '',
    fileNameTemplate: '{title}',
    askWhereToSave: false,
    audioOnly: false,
    part: 1,
    createdAt: 0,
    format: undefined,
    timeline: initialTimeline,
    bytes: 0,
    chunkCount: 0,
    fileName: undefined,
    downloadId: undefined,
    finalized: false,
    durationMs: 0,
    fileSize: 0,
    error: undefined,
    lastMessage: -1,
    updatedAt: 0,
    recovered: false,
    slicesDeleted: false,
  };
}

const text = async (blob: Blob) => new TextDecoder().decode(await blob.arrayBuffer());

describe('ChunkStore', () => {
  it('assembles slices in sequence order, whatever order they were written in', async () => {
    const store = freshStore();
    await store.appendChunk('a', 2, new Blob(['three']));
    await store.appendChunk('a', 0, new Blob(['one ']));
    await store.appendChunk('a', 1, new Blob(['two ']));
    const file = await store.assemble('a', 'video/webm');
    expect(file.type).toBe('video/webm');
    expect(await text(file)).toBe('one two three');
  });

  it('keeps recordings apart', async () => {
    const store = freshStore();
    await store.appendChunk('a', 0, new Blob(['a0']));
    await store.appendChunk('b', 0, new Blob(['b0']));
    await store.appendChunk('a', 1, new Blob(['a1']));
    expect(await text(await store.assemble('a', ''))).toBe('a0a1');
    expect(await text(await store.assemble('b', ''))).toBe('b0');
  });

  it('makes a repeated slice harmless', async () => {
    const store = freshStore();
    await store.appendChunk('a', 0, new Blob(['x']));
    await store.appendChunk('a', 0, new Blob(['x']));
    expect((await store.chunks('a')).map((chunk) => chunk.size)).toEqual([1]);
  });

  it('stores records and deletes a recording with its slices', async () => {
    const store = freshStore();
    await store.saveRecording(record('a'));
    await store.saveRecording(record('b'));
    await store.appendChunk('a', 0, new Blob(['x']));
    await store.appendChunk('b', 0, new Blob(['y']));
    await store.deleteRecording('a');
    expect(await store.getRecording('a')).toBeUndefined();
    expect(await store.chunks('a')).toEqual([]);
    expect((await store.listRecordings()).map((r) => r.id)).toEqual(['b']);
    expect(await store.chunks('b')).toHaveLength(1);
  });
});
