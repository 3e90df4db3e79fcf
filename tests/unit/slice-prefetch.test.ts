import { afterEach, describe, expect, it, vi } from 'vitest';
import { PREFETCH_STEP, SlicePrefetch, type SliceReader } from '../../src/platform/slice-prefetch';
import type { StoredRow } from '../../src/platform/stored-slice';
import type { PackedGroup } from '../../src/platform/slice-packs';
import { aheadBytes } from '../../src/shared/mp4-index';
import { indexAll } from './support/mp4-compose';
import { recordedSlices } from './support/recorded-slices';

const slice = (seq: number): StoredRow => ({ recordingId: 'r', seq, data: new Blob([String(seq)]), size: 1 });

/** A reader over rows that the test adds to as the recording would. */
function rows(initial: number[]) {
  const stored = initial.map(slice);
  const reader: SliceReader = {
    readAfter: vi.fn(async (_id: string, seq: number, limit?: number, through = Infinity) => {
      // As IndexedDB: a range from after `seq` to `through` must hold a key.
      if (seq >= through) throw new DOMException('The lower key and upper key are equal', 'DataError');
      const after = stored.filter((row) => row.seq > seq && row.seq <= through).sort((a, b) => a.seq - b.seq);
      return limit === undefined ? after : after.slice(0, limit);
    }),
    count: vi.fn(async () => stored.length),
    packNext: vi.fn(async () => Promise.reject(new Error('this test packs nothing'))),
  };
  /** Packs as the store does: the whole group after `after`, its rows rewritten in place, no Blob of their own. */
  const packNext = async (_id: string, after: number, length: number): Promise<PackedGroup | undefined> => {
    const group = stored.filter((row) => row.seq > after).slice(0, length);
    if (group.length < length || group.some((row) => row.pack !== undefined)) return undefined;
    for (const row of group) stored[stored.indexOf(row)] = { ...row, data: undefined, pack: group[0]!.seq, fileAt: 0 };
    return { first: group[0]!.seq, last: group[length - 1]!.seq, made: true };
  };
  return { stored, reader, packNext, add: (...seqs: number[]) => stored.push(...seqs.map(slice)) };
}

/** Every row `readAfter` gave. */
const everyRowRead = (reader: SliceReader) => vi.mocked(reader.readAfter).mock.results.map((result) => result.value);

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

  it('counts no row where the rows read are numbered 0, 1, 2… (none can come in before the last)', async () => {
    const { reader, add } = rows([0, 1, 2]);
    const prefetch = new SlicePrefetch(reader);
    prefetch.start('r');
    await vi.waitFor(() => expect(reader.readAfter).toHaveBeenCalled());
    add(3);
    expect(seqs(await prefetch.take('r'))).toEqual([0, 1, 2, 3]);
    expect(reader.count).not.toHaveBeenCalled();
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
      packNext: async () => undefined,
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

  it('waits at Stop for a read along that does not pack, and reads no row twice', async () => {
    const { reader, add } = rows([0, 1, 2]);
    const read = vi.mocked(reader.readAfter);
    const real = read.getMockImplementation()!;
    let release = () => {};
    read.mockImplementationOnce(
      (...args) => new Promise<StoredRow[]>((resolve) => (release = () => resolve(real(...args)))),
    );
    const prefetch = new SlicePrefetch(reader);
    prefetch.start('r');
    await vi.waitFor(() => expect(read).toHaveBeenCalledOnce());
    add(3);
    prefetch.start('r');
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Stop has not begun a read of its own while the one before runs.
    expect(read).toHaveBeenCalledOnce();
    release();
    expect(seqs(await prefetch.take('r'))).toEqual([0, 1, 2, 3]);
    // Stop (then take) read on after the rows the read along gave (0–3, as it ran late): each row read once.
    expect(read.mock.calls.map(([, seq]) => seq)).toEqual([-Infinity, 3, 3]);
  });

  it("gathers the MP4 tables of what Stop's start read, and only there", async () => {
    const { records } = indexAll(recordedSlices('chromium-mp4'));
    const { reader, stored } = rows(records.map((_, seq) => seq));
    stored.forEach((row, seq) => (row.mp4Samples = records[seq]));
    const prefetch = new SlicePrefetch(reader);
    prefetch.start('r');
    const along = await prefetch.take('r');
    expect(prefetch.indexes.takeTables(along!)).toBeUndefined();
    prefetch.start('r', { gather: true });
    const taken = await prefetch.take('r');
    expect(prefetch.indexes.takeTables(taken!)?.records).toEqual(records);
    // One file only: its tables are written on.
    expect(prefetch.indexes.takeTables(taken!)).toBeUndefined();
  });

  it('gathers the MP4 tables along a packing read too, and goes on from them at Stop', async () => {
    const { records } = indexAll(recordedSlices('chromium-mp4'));
    const { reader, packNext, stored } = rows(records.map((_, seq) => seq));
    stored.forEach((row, seq) => (row.mp4Samples = records[seq]));
    reader.packNext = vi.fn(packNext);
    // The recorded set has 3 slices: a read along packs and reads the first 2.
    const prefetch = new SlicePrefetch(reader, { packLength: 2 });
    const gather = vi.spyOn(prefetch.indexes, 'gather');
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    prefetch.start('r', { pack: true, gather: true });
    await vi.waitFor(() => expect(gather).toHaveBeenCalledOnce());
    const alongRows = gather.mock.calls[0]![0].length;
    expect(alongRows).toBe(2);
    prefetch.start('r', { gather: true });
    const taken = await prefetch.take('r');
    const prefix = prefetch.indexes.takeTables(taken!)!;
    expect(prefix.records).toEqual(records);
    // Stop's gather went on from the one along rather than gathering every row again.
    expect(info.mock.calls.flat().join('\n')).toContain(`(${alongRows} of them before)`);
    // Every chunk of entries written ahead is a Blob already.
    const chunks = [...prefix.tables.values()].flatMap((samples) => aheadBytes(samples.ahead));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(await prefetch.indexes.keptBlob(chunk)?.bytes()).toEqual(chunk);
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

  it('packs whole groups along the recording and reads only what is packed; Stop reads the rest', async () => {
    const { reader, packNext, add } = rows([0, 1, 2, 3, 4, 5, 6]);
    reader.packNext = vi.fn(packNext);
    const prefetch = new SlicePrefetch(reader, { packLength: 3 });
    prefetch.start('r', { pack: true });
    await vi.waitFor(() => expect(reader.packNext).toHaveBeenCalledTimes(3));
    await new Promise((resolve) => setTimeout(resolve));
    // No row read along holds its own Blob: this context would keep the old files of slices packed later.
    const readAlong = (await Promise.all(everyRowRead(reader))).flat() as StoredRow[];
    expect(readAlong.map((row) => [row.seq, row.pack])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 3],
      [4, 3],
      [5, 3],
    ]);
    expect(vi.mocked(reader.packNext).mock.calls.map(([, after]) => after)).toEqual([-Infinity, 2, 5]);
    add(7);
    prefetch.start('r');
    const taken = await prefetch.take('r');
    expect(taken?.map((row) => row.pack)).toEqual([0, 0, 0, 3, 3, 3, undefined, undefined]);
    expect(reader.packNext).toHaveBeenCalledTimes(3);
  });

  it('reads the slices as they are where a pack fails', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { reader } = rows([0, 1, 2, 3, 4, 5, 6]);
    reader.packNext = vi.fn(async () => Promise.reject(new Error('no room')));
    const prefetch = new SlicePrefetch(reader, { packLength: 3 });
    prefetch.start('r', { pack: true });
    const kept = await prefetch.take('r');
    expect(seqs(kept)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(kept?.every((row) => row.data && row.pack === undefined)).toBe(true);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('makes runs of slices only after packing them, so no run is made for slices about to be packed', async () => {
    const { reader, packNext } = rows([0, 1, 2, 3, 4, 5, 6]);
    reader.packNext = vi.fn(packNext);
    const prefetch = new SlicePrefetch(reader, { packLength: 3, runLength: 3 });
    const gather = vi.spyOn(prefetch.runs, 'gather');
    prefetch.start('r', { pack: true });
    await prefetch.take('r');
    const pack = vi.mocked(reader.packNext);
    expect(pack).toHaveBeenCalledTimes(3);
    expect(gather).toHaveBeenCalledOnce();
    expect(gather.mock.invocationCallOrder[0]).toBeGreaterThan(pack.mock.invocationCallOrder[2]!);
  });

  it('does not wait at Stop for a pack being written, and packs nothing after Stop', async () => {
    const { reader, packNext, add } = rows([0, 1, 2, 3, 4, 5]);
    let release = () => {};
    reader.packNext = vi.fn(
      (id: string, after: number, length: number) =>
        new Promise<PackedGroup | undefined>((resolve) => {
          release = () => resolve(packNext(id, after, length));
        }),
    );
    const prefetch = new SlicePrefetch(reader, { packLength: 3 });
    prefetch.start('r', { pack: true });
    await vi.waitFor(() => expect(reader.packNext).toHaveBeenCalledOnce());
    add(6);
    prefetch.start('r');
    // Taken while the first pack is still being written: the rows as read, every one whole.
    const taken = await prefetch.take('r');
    expect(seqs(taken)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(taken?.every((row) => row.data && row.pack === undefined)).toBe(true);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reader.packNext).toHaveBeenCalledOnce();
  });

  it('goes on at Stop from the rows a read along has packed and read so far', async () => {
    const { reader, packNext } = rows([0, 1, 2, 3, 4, 5, 6]);
    let release = () => {};
    reader.packNext = vi.fn(async (id: string, after: number, length: number) => {
      if (after >= 2) await new Promise<void>((resolve) => (release = resolve));
      return packNext(id, after, length);
    });
    const prefetch = new SlicePrefetch(reader, { packLength: 3 });
    prefetch.start('r', { pack: true });
    await vi.waitFor(() => expect(reader.packNext).toHaveBeenCalledTimes(2));
    prefetch.start('r');
    const taken = await prefetch.take('r');
    expect(taken?.map((row) => row.pack)).toEqual([0, 0, 0, undefined, undefined, undefined, undefined]);
    // Stop read on after the packed rows, not again from the first.
    expect(vi.mocked(reader.readAfter).mock.calls.map(([, seq]) => seq)).toEqual([-Infinity, 2, 6]);
    release();
  });

  it('reads a packed group of exactly one step, and goes on packing after it', async () => {
    const count = PREFETCH_STEP * 2 + 1;
    const { reader, packNext } = rows(Array.from({ length: count }, (_, seq) => seq));
    reader.packNext = vi.fn(packNext);
    const prefetch = new SlicePrefetch(reader, { packLength: PREFETCH_STEP });
    prefetch.start('r', { pack: true });
    const taken = await prefetch.take('r');
    expect(reader.packNext).toHaveBeenCalledTimes(3);
    expect(taken).toHaveLength(count);
    expect(new Set(taken?.map((row) => row.pack))).toEqual(new Set([0, PREFETCH_STEP, undefined]));
  });
});
