/**
 * The large sample table entries of a recording's first samples, written before its end,
 * with the tables gathered along the recording and as Stop is pressed (table-prefix.ts):
 * at 3 hours, `stsz` and `stts` are megabytes that would otherwise be written, and copied
 * into the file's Blob, between Stop and the download. Each gather writes the entries of
 * the samples gathered since the one before, as a chunk of its own; finishing writes only
 * the entries after the last chunk (sample-tables.ts), and the platform makes a Blob of
 * each chunk as it is written (index-prefixes.ts).
 *
 * Chunks hold only entries the end cannot change: sizes and key frames are final once
 * stored; a duration is the gap to the next sample's decode time (track-table.ts
 * `settleTiming`), so it is final once that sample is known, and only runs that the next
 * sample already closed are written.
 */

/** The columns the entries are written from: a track's samples (track-table.ts `TrackSamples`). */
interface TrackSamples {
  count: number;
  sizes: Uint32Array;
  sync: Uint8Array;
  decodeTimes: Float64Array;
}

export interface EntriesAhead {
  /** `stsz` entries: the sizes of samples [0, samples). */
  sizes: { samples: number; chunks: Uint8Array<ArrayBuffer>[] };
  /**
   * `stss` entries: the 1-based numbers of the sync samples among [0, samples), `count` of
   * them. None while every sample so far is one, as sound's are (the box is then left out).
   */
  syncs: { samples: number; count: number; chunks: Uint8Array<ArrayBuffer>[]; allSync: boolean };
  /**
   * `stts` entries: the runs of equal durations of samples [0, samples), `runs` of them;
   * sample `samples` starts a new run, and decodes at `nextTime` once settled.
   */
  durations: { samples: number; runs: number; chunks: Uint8Array<ArrayBuffer>[]; nextTime: number };
}

/** A big-endian 32-bit word at any place. */
export function putWord(out: Uint8Array, at: number, word: number): void {
  out[at] = word >>> 24;
  out[at + 1] = (word >>> 16) & 0xff;
  out[at + 2] = (word >>> 8) & 0xff;
  out[at + 3] = word & 0xff;
}

const withChunk = (chunks: Uint8Array<ArrayBuffer>[], chunk: Uint8Array<ArrayBuffer>) =>
  chunk.length > 0 ? [...chunks, chunk] : chunks;

function sizesAhead(table: TrackSamples, before: EntriesAhead['sizes']): EntriesAhead['sizes'] {
  const { count, sizes } = table;
  const chunk = new Uint8Array((count - before.samples) * 4);
  for (let index = before.samples, at = 0; index < count; index++, at += 4) putWord(chunk, at, sizes[index]!);
  return { samples: count, chunks: withChunk(before.chunks, chunk) };
}

function syncsAhead(table: TrackSamples, before: EntriesAhead['syncs']): EntriesAhead['syncs'] {
  // While every sample is a sync sample, none is written (samples stays 0): where a later
  // one is not, all are.
  const from = before.samples;
  let found = 0;
  for (let index = from; index < table.count; index++) if (table.sync[index]) found++;
  if (before.allSync && found === table.count) return before;
  const chunk = new Uint8Array(found * 4);
  for (let index = from, at = 0; index < table.count; index++) {
    if (!table.sync[index]) continue;
    putWord(chunk, at, index + 1);
    at += 4;
  }
  return { samples: table.count, count: before.count + found, chunks: withChunk(before.chunks, chunk), allSync: false };
}

/**
 * The durations of samples [from, count - 1) as `settleTiming` will make them (each the gap
 * to the next decode time, decode times strictly increasing), sample `from` decoding at
 * `time`, without changing the table; or undefined where a gap does not fit an entry
 * (finishing refuses such a track itself).
 */
function settledDurations(table: TrackSamples, from: number, time: number): Float64Array | undefined {
  const times = table.decodeTimes;
  const settled = new Float64Array(Math.max(0, table.count - 1 - from));
  let previous = time;
  for (let index = from + 1; index < table.count; index++) {
    const next = Math.max(times[index]!, previous + 1);
    if (next - previous > 0xffffffff) return undefined;
    settled[index - from - 1] = next - previous;
    previous = next;
  }
  return settled;
}

function durationsAhead(table: TrackSamples, before: EntriesAhead['durations']): EntriesAhead['durations'] {
  const from = before.samples;
  const time = from === 0 ? table.decodeTimes[0]! : before.nextTime;
  const settled = settledDurations(table, from, time);
  // Durations of samples [from, last) are known; `last` waits for the sample after it.
  const last = table.count - 1;
  if (!settled || last <= from) return before;
  const duration = (index: number) => settled[index - from]!;
  // The last run may go on into the samples still to come: only the runs before it are closed.
  let lastRun = last - 1;
  while (lastRun > from && duration(lastRun - 1) === duration(lastRun)) lastRun--;
  if (lastRun === from) return before;
  let runs = 0;
  for (let index = from; index < lastRun; index++)
    if (index === from || duration(index) !== duration(index - 1)) runs++;
  const chunk = new Uint8Array(runs * 8);
  let nextTime = time;
  for (let index = from, at = 0; index < lastRun; at += 8) {
    const value = duration(index);
    let end = index + 1;
    while (end < lastRun && duration(end) === value) end++;
    putWord(chunk, at, end - index);
    putWord(chunk, at + 4, value);
    nextTime += (end - index) * value;
    index = end;
  }
  return { samples: lastRun, runs: before.runs + runs, chunks: [...before.chunks, chunk], nextTime };
}

const NONE: EntriesAhead = {
  sizes: { samples: 0, chunks: [] },
  syncs: { samples: 0, count: 0, chunks: [], allSync: true },
  durations: { samples: 0, runs: 0, chunks: [], nextTime: 0 },
};

/**
 * The entries of `table`'s samples that finishing will not change: those of `before` (the
 * same track's, written by an earlier gather of fewer samples), and a chunk more of each.
 */
export function writeEntriesAhead(table: TrackSamples, before: EntriesAhead = NONE): EntriesAhead | undefined {
  if (table.count === 0) return undefined;
  return {
    sizes: sizesAhead(table, before.sizes),
    syncs: syncsAhead(table, before.syncs),
    durations: durationsAhead(table, before.durations),
  };
}

/** Every chunk of `ahead`, for the platform to keep as Blobs. */
export function aheadBytes(ahead: EntriesAhead | undefined): Uint8Array<ArrayBuffer>[] {
  if (!ahead) return [];
  return [...ahead.sizes.chunks, ...ahead.syncs.chunks, ...ahead.durations.chunks];
}
