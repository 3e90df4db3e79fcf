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

import { runCount, syncCount, writeRuns, writeSyncNumbers, writeWords } from './table-words';

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
   * them. None (`samples` 0) while every sample so far is one, as sound's are (the box is
   * then left out).
   */
  syncs: { samples: number; count: number; chunks: Uint8Array<ArrayBuffer>[] };
  /**
   * `stts` entries: the runs of equal durations of samples [0, samples), `runs` of them;
   * sample `samples` starts a new run, and decodes at `nextTime` once settled.
   */
  durations: { samples: number; runs: number; chunks: Uint8Array<ArrayBuffer>[]; nextTime: number };
}

const withChunk = (chunks: Uint8Array<ArrayBuffer>[], chunk: Uint8Array<ArrayBuffer>) =>
  chunk.length > 0 ? [...chunks, chunk] : chunks;

function sizesAhead(table: TrackSamples, before: EntriesAhead['sizes']): EntriesAhead['sizes'] {
  const { count, sizes } = table;
  const chunk = new Uint8Array((count - before.samples) * 4);
  writeWords(sizes, before.samples, count, chunk, 0);
  return { samples: count, chunks: withChunk(before.chunks, chunk) };
}

function syncsAhead(table: TrackSamples, before: EntriesAhead['syncs']): EntriesAhead['syncs'] {
  // While every sample is a sync sample, none is written (samples stays 0): where a later
  // one is not, all are.
  const from = before.samples;
  const found = syncCount(table.sync, from, table.count);
  if (from === 0 && found === table.count) return before;
  const chunk = new Uint8Array(found * 4);
  writeSyncNumbers(table.sync, from, table.count, chunk, 0);
  return { samples: table.count, count: before.count + found, chunks: withChunk(before.chunks, chunk) };
}

/**
 * The durations of samples [from, count - 1) as `settleTiming` will make them (each the gap
 * to the next decode time, decode times strictly increasing), sample `from` decoding at
 * `time`, without changing the table; or undefined where a gap does not fit an entry
 * (finishing refuses such a track itself).
 */
function settledDurations(table: TrackSamples, from: number, time: number): Uint32Array | undefined {
  const times = table.decodeTimes;
  const settled = new Uint32Array(Math.max(0, table.count - 1 - from));
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
  // Indexes into `settled` from here: sample `from` is its 0.
  let closed = last - 1 - from;
  // The last run may go on into the samples still to come: only the runs before it are closed.
  while (closed > 0 && settled[closed - 1] === settled[closed]) closed--;
  if (closed === 0) return before;
  const runs = runCount(settled, 0, closed);
  const chunk = new Uint8Array(runs * 8);
  writeRuns(settled, 0, closed, chunk, 0);
  let nextTime = time;
  for (let index = 0; index < closed; index++) nextTime += settled[index]!;
  return { samples: from + closed, runs: before.runs + runs, chunks: [...before.chunks, chunk], nextTime };
}

const NONE: EntriesAhead = {
  sizes: { samples: 0, chunks: [] },
  syncs: { samples: 0, count: 0, chunks: [] },
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
