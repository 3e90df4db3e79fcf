import { afterEach, describe, expect, it, vi } from 'vitest';
import { PREFETCH_STEP, SlicePrefetch, type SliceReader } from '../../src/platform/slice-prefetch';
import type { StoredRow } from '../../src/platform/stored-slice';

const slice = (seq: number): StoredRow => ({ recordingId: 'r', seq, data: new Blob([String(seq)]), size: 1 });

/** A reader over rows that the test adds to as the recording would. */
function rows(initial: number[]) {
  const stored = initial.map(slice);
  const reader: SliceReader = {
    readAfter: vi.fn(async (_id: string, seq: number, limit?: number) => {
      const after = stored.filter((row) => row.seq > seq).sort((a, b) => a.seq - b.seq);
      return limit === undefined ? after : after.slice(0, limit);
    }),
    count: vi.fn(async () => stored.length),
    pack: vi.fn(async () => Promise.reject(new Error('this test packs nothing'))),
  };
  return { stored, reader, add: (...seqs: number[]) => stored.push(...seqs.map(slice)) };
}

/** The rows of a group as a pack stores them: no Blob of their own, the pack named by its first slice. */
const packed = (group: readonly StoredRow[]): StoredRow[] =>
  group.map((row) => ({ ...row, data: undefined, pack: group[0]!.seq, fileAt: 0 }));

const seqs = (slices: StoredRow[] | undefined) => slices?.map((row) => row.seq);

afterEach(() => {
  vi.useRealTimers();
});

describe('SlicePrefetch', () => {
  it('gives nothing where no read was started: the caller reads everything', async () => {
    const { reader } = rows([0, 1]);
    expect(await new SlicePrefetch(reader).take('r')).toBeUndefined();
  });

  it('gives the rows read ahead and those stored since, in order', async () => {
    const { reader, add } = rows([0, 1, 2]);
    const prefetch = new SlicePrefetch(reader);
    prefetch.start('r');
    await vi.waitFor(() => expect(reader.readAfter).toHaveBeenCalled());
    add(3, 4);
    expect(seqs(await prefetch.take('r'))).toEqual([0, 1, 2, 3, 4]);
  });

  it('reads ahead in short steps, so the last slices can be written between two', async () => {
    const count = PREFETCH_STEP * 2 + 5;
    const { reader } = rows(Array.from({ length: count }, (_, seq) => seq));
    const prefetch = new SlicePrefetch(reader);
    prefetch.start('r');
    const taken = await prefetch.take('r');
    expect(taken).toHaveLength(count);
    // Three steps ahead, then the rows after the last one read.
    expect(reader.readAfter).toHaveBeenCalledTimes(4);
    for (const [, , limit] of vi.mocked(reader.readAfter).mock.calls.slice(0, 3)) expect(limit).toBe(PREFETCH_STEP);
  });

  it('gives nothing when a row came in before the last one read ahead (a full read is right then)', async () => {
    const { reader, add } = rows([0, 2, 3]);
    const prefetch = new SlicePrefetch(reader);
    prefetch.start('r');
    await vi.waitFor(() => expect(reader.readAfter).toHaveBeenCalled());
    await Promise.resolve();
    add(1);
    expect(await prefetch.take('r')).toBeUndefined();
  });

  it('gives nothing when the read ahead failed or found nothing', async () => {
    const failing: SliceReader = {
      readAfter: vi.fn(async () => Promise.reject(new Error('gone'))),
      count: async () => 0,
      pack: async () => [],
    };
    const prefetch = new SlicePrefetch(failing);
    prefetch.start('r');
    expect(await prefetch.take('r')).toBeUndefined();
    const { reader } = rows([]);
    const empty = new SlicePrefetch(reader);
    empty.start('r');
    expect(await empty.take('r')).toBeUndefined();
  });

  it('is used once, and dropped when nobody takes it in time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { reader } = rows([0, 1]);
    const prefetch = new SlicePrefetch(reader, { keepMs: 1_000 });
    prefetch.start('r');
    expect(seqs(await prefetch.take('r'))).toEqual([0, 1]);
    expect(await prefetch.take('r')).toBeUndefined();
    prefetch.start('r');
    vi.advanceTimersByTime(1_000);
    expect(await prefetch.take('r')).toBeUndefined();
  });

  it('reads along: each start reads only the rows stored since the last, and the end only the newest', async () => {
    const { reader, add } = rows([0, 1, 2]);
    const prefetch = new SlicePrefetch(reader);
    prefetch.start('r');
    await vi.waitFor(() => expect(reader.readAfter).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve));
    add(3, 4);
    prefetch.start('r');
    await vi.waitFor(() => expect(reader.readAfter).toHaveBeenCalledTimes(2));
    expect(vi.mocked(reader.readAfter).mock.calls.map(([, seq]) => seq)).toEqual([-Infinity, 2]);
    add(5);
    expect(seqs(await prefetch.take('r'))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(vi.mocked(reader.readAfter).mock.calls.at(-1)![1]).toBe(4);
  });

  it('starts again from the first row after a read along failed', async () => {
    const { reader } = rows([0, 1]);
    const read = vi.mocked(reader.readAfter);
    const real = read.getMockImplementation()!;
    read.mockImplementationOnce(async () => Promise.reject(new Error('busy')));
    const prefetch = new SlicePrefetch(reader);
    prefetch.start('r');
    prefetch.start('r');
    expect(seqs(await prefetch.take('r'))).toEqual([0, 1]);
    expect(read.mock.calls[1]![1]).toBe(-Infinity);
    expect(real).toBeDefined();
  });

  it('keeps a read along for as long after each step, not after the first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { reader } = rows([0, 1]);
    const prefetch = new SlicePrefetch(reader, { keepMs: 1_000 });
    prefetch.start('r');
    vi.advanceTimersByTime(800);
    prefetch.start('r');
    vi.advanceTimersByTime(800);
    expect(seqs(await prefetch.take('r'))).toEqual([0, 1]);
  });

  it('packs whole groups when a read along asks, and keeps the rows as they were when a pack fails', async () => {
    const { reader } = rows([0, 1, 2, 3, 4, 5, 6]);
    reader.pack = vi.fn(async (_id: string, group: readonly StoredRow[]) => packed(group));
    const prefetch = new SlicePrefetch(reader, { packLength: 3 });
    prefetch.start('r');
    prefetch.start('r', { pack: true });
    const taken = await prefetch.take('r');
    expect(reader.pack).toHaveBeenCalledTimes(2);
    expect(taken?.map((row) => row.pack)).toEqual([0, 0, 0, 3, 3, 3, undefined]);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    reader.pack = vi.fn(async () => Promise.reject(new Error('no room')));
    prefetch.start('r', { pack: true });
    const kept = await prefetch.take('r');
    expect(seqs(kept)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(kept?.every((row) => row.data && row.pack === undefined)).toBe(true);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('makes runs of slices only after packing them, so no run is made for slices about to be packed', async () => {
    const { reader } = rows([0, 1, 2, 3, 4, 5, 6]);
    reader.pack = vi.fn(async (_id: string, group: readonly StoredRow[]) => packed(group));
    const prefetch = new SlicePrefetch(reader, { packLength: 3, runLength: 3 });
    const gather = vi.spyOn(prefetch.runs, 'gather');
    prefetch.start('r', { pack: true });
    await prefetch.take('r');
    const pack = vi.mocked(reader.pack);
    expect(pack).toHaveBeenCalledTimes(2);
    expect(gather).toHaveBeenCalledOnce();
    expect(gather.mock.invocationCallOrder[0]).toBeGreaterThan(pack.mock.invocationCallOrder[1]!);
  });

  it('does not wait at Stop for a pack being written, and packs nothing after Stop', async () => {
    const { reader, add } = rows([0, 1, 2, 3, 4, 5]);
    let release = () => {};
    reader.pack = vi.fn(
      (_id: string, group: readonly StoredRow[]) =>
        new Promise<StoredRow[]>((resolve) => {
          release = () => resolve(packed(group));
        }),
    );
    const prefetch = new SlicePrefetch(reader, { packLength: 3 });
    prefetch.start('r', { pack: true });
    await vi.waitFor(() => expect(reader.pack).toHaveBeenCalledOnce());
    add(6);
    prefetch.start('r');
    // Taken while the first pack is still being written: the rows as read, every one whole.
    const taken = await prefetch.take('r');
    expect(seqs(taken)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(taken?.every((row) => row.data && row.pack === undefined)).toBe(true);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reader.pack).toHaveBeenCalledOnce();
  });
});
