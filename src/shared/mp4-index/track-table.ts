/**
 * One track's samples gathered from every slice's record, in the form the sample tables
 * want. Timing follows the fragments' decode times (`tfdt`), not just the `trun`
 * durations: Chromium's Opus fragments end with a short last sample and a hole before the
 * next `tfdt`, so summing durations would let the sound drift ahead of the picture (about
 * 43 ms a second). Each sample's duration is the gap to the next one's decode time.
 */

import type { EntriesAhead } from './entries-ahead';
import type { InitTrack } from './init-segment';
import type { SampleRuns } from './sample-runs';

export interface TrackTable extends TrackSamples {
  track: InitTrack;
}

/** A track's samples and chunks, whatever track they are of. */
export interface TrackSamples {
  count: number;
  sizes: Uint32Array;
  /** Decode times (track timescale), strictly increasing. */
  decodeTimes: Float64Array;
  durations: Uint32Array;
  compositionOffsets?: Int32Array;
  sync: Uint8Array;
  /** One chunk per run. */
  chunkOffsets: Float64Array;
  chunkCounts: Uint32Array;
  chunkDescriptions: Uint32Array;
  /** The first samples' table entries, written along the recording and at Stop (entries-ahead.ts). */
  ahead?: EntriesAhead;
}

function tally(
  slices: readonly SampleRuns[],
  trackId: number,
  from: number,
): { samples: number; runs: number; cto: boolean } {
  let samples = 0;
  let runs = 0;
  let cto = false;
  for (let at = from; at < slices.length; at++) {
    const slice = slices[at]!;
    for (let run = 0; run < slice.trackIds.length; run++) {
      if (slice.trackIds[run] !== trackId) continue;
      runs += 1;
      samples += slice.counts[run]!;
    }
    cto ||= slice.compositionOffsets !== undefined;
  }
  return { samples, runs, cto };
}

/** The track's samples in stream order, durations still as the `trun`s gave them. */
export function gatherTrack(
  track: InitTrack,
  slices: readonly SampleRuns[],
  prefix?: { slices: number; samples: TrackSamples | undefined },
): TrackTable {
  return { track, ...gatherSamples(track.id, slices, prefix) };
}

/** Room for more samples and runs (chunks) past a table's own, in its arrays' buffers. */
export interface TableRoom {
  samples: number;
  runs: number;
}

type Column = Uint32Array | Float64Array | Uint8Array | Int32Array;

/** `column` lengthened to `length` over its own buffer, where the buffer holds that many. */
function lengthened<T extends Column>(column: T, length: number): T | undefined {
  if ((column.buffer.byteLength - column.byteOffset) / column.BYTES_PER_ELEMENT < length) return undefined;
  const Kind = column.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => T;
  return new Kind(column.buffer, column.byteOffset, length);
}

/** `head` lengthened in place to `samples` and `runs`, or undefined where its room is too small. */
function lengthenedTable(head: TrackSamples, samples: number, runs: number, cto: boolean): TrackSamples | undefined {
  if (cto && !head.compositionOffsets) return undefined;
  const table = {
    count: samples,
    sizes: lengthened(head.sizes, samples),
    decodeTimes: lengthened(head.decodeTimes, samples),
    durations: lengthened(head.durations, samples),
    sync: lengthened(head.sync, samples),
    chunkOffsets: lengthened(head.chunkOffsets, runs),
    chunkCounts: lengthened(head.chunkCounts, runs),
    chunkDescriptions: lengthened(head.chunkDescriptions, runs),
    compositionOffsets: head.compositionOffsets && lengthened(head.compositionOffsets, samples),
    ahead: head.ahead,
  };
  const { compositionOffsets, ahead: _ahead, ...columns } = table;
  if (Object.values(columns).some((column) => column === undefined)) return undefined;
  if (head.compositionOffsets && !compositionOffsets) return undefined;
  return table as TrackSamples;
}

/** Empty columns of `samples` and `runs`, with `room` for more after them. */
function newTable(samples: number, runs: number, cto: boolean, room: TableRoom): TrackSamples {
  const [sampleRoom, runRoom] = [samples + room.samples, runs + room.runs];
  const table: TrackSamples = {
    count: samples,
    sizes: new Uint32Array(sampleRoom).subarray(0, samples),
    decodeTimes: new Float64Array(sampleRoom).subarray(0, samples),
    durations: new Uint32Array(sampleRoom).subarray(0, samples),
    sync: new Uint8Array(sampleRoom).subarray(0, samples),
    chunkOffsets: new Float64Array(runRoom).subarray(0, runs),
    chunkCounts: new Uint32Array(runRoom).subarray(0, runs),
    chunkDescriptions: new Uint32Array(runRoom).subarray(0, runs),
  };
  if (cto) table.compositionOffsets = new Int32Array(sampleRoom).subarray(0, samples);
  return table;
}

/**
 * Track `trackId`'s samples in `slices`. Where `prefix` holds them gathered from the first
 * slices already (along the recording and at Stop, table-prefix.ts), only the slices after
 * those are read, and written on after the prefix's own in the room its buffers left (a
 * prefix serves one file: its buffers are written on); without room, the prefix is copied.
 * `room` leaves room in the new table's buffers for slices to come.
 */
export function gatherSamples(
  trackId: number,
  slices: readonly SampleRuns[],
  prefix?: { slices: number; samples: TrackSamples | undefined },
  room: TableRoom = { samples: 0, runs: 0 },
): TrackSamples {
  const firstSlice = prefix?.slices ?? 0;
  const head = prefix?.samples;
  const size = tally(slices, trackId, firstSlice);
  const samples = (head?.count ?? 0) + size.samples;
  const runs = (head?.chunkCounts.length ?? 0) + size.runs;
  const cto = size.cto || head?.compositionOffsets !== undefined;
  let table = head && lengthenedTable(head, samples, runs, cto);
  if (!table) {
    table = newTable(samples, runs, cto, room);
    if (head) {
      table.sizes.set(head.sizes);
      table.decodeTimes.set(head.decodeTimes);
      table.durations.set(head.durations);
      table.sync.set(head.sync);
      if (head.compositionOffsets) table.compositionOffsets!.set(head.compositionOffsets);
      table.chunkOffsets.set(head.chunkOffsets);
      table.chunkCounts.set(head.chunkCounts);
      table.chunkDescriptions.set(head.chunkDescriptions);
      table.ahead = head.ahead;
    }
  }
  let sample = head?.count ?? 0;
  let chunk = head?.chunkCounts.length ?? 0;
  // Plain loops over typed arrays: this runs for every sample of hours of recording at Stop.
  for (let at = firstSlice; at < slices.length; at++) {
    const slice = slices[at]!;
    let from = 0;
    for (let run = 0; run < slice.trackIds.length; run++) {
      const count = slice.counts[run]!;
      if (slice.trackIds[run] === trackId) {
        table.chunkOffsets[chunk] = slice.offsets[run]!;
        table.chunkCounts[chunk] = count;
        table.chunkDescriptions[chunk++] = slice.descriptions[run]!;
        const offsets = table.compositionOffsets && slice.compositionOffsets;
        let time = slice.decodeTimes[run]!;
        for (let index = from; index < from + count; index++, sample++) {
          table.sizes[sample] = slice.sizes[index]!;
          table.durations[sample] = slice.durations[index]!;
          table.sync[sample] = slice.sync[index]!;
          if (offsets) table.compositionOffsets![sample] = offsets[index]!;
          table.decodeTimes[sample] = time;
          time += slice.durations[index]!;
        }
      }
      from += count;
    }
  }
  return table;
}

/**
 * Makes the decode times strictly increasing (a fragment starting before the previous
 * one ended is pushed to one tick after it) and each duration the gap to the next sample.
 */
export function settleTiming(table: TrackTable): void {
  const { decodeTimes: times, durations } = table;
  for (let index = 1; index < table.count; index++) {
    times[index] = Math.max(times[index]!, times[index - 1]! + 1);
    const gap = times[index]! - times[index - 1]!;
    if (gap > 0xffffffff) throw new Error(`a gap of ${gap} ticks in track ${table.track.id}`);
    durations[index - 1] = gap;
  }
}

/**
 * Drops the samples that start at or after `endTime` (track timescale), and shortens the
 * last one kept so the track ends there. The chunks follow.
 */
export function cutTrack(table: TrackTable, endTime: number): void {
  let count = table.count;
  while (count > 0 && table.decodeTimes[count - 1]! >= endTime) count--;
  if (count === table.count && table.decodeTimes[count - 1]! + table.durations[count - 1]! <= endTime) return;
  table.count = count;
  if (count > 0) {
    const last = table.durations[count - 1]!;
    table.durations[count - 1] = Math.max(1, Math.min(last, Math.ceil(endTime - table.decodeTimes[count - 1]!)));
  }
  let kept = 0;
  let chunks = 0;
  while (chunks < table.chunkCounts.length && kept < count) {
    const take = Math.min(table.chunkCounts[chunks]!, count - kept);
    table.chunkCounts[chunks++] = take;
    kept += take;
  }
  table.chunkOffsets = table.chunkOffsets.subarray(0, chunks);
  table.chunkCounts = table.chunkCounts.subarray(0, chunks);
  table.chunkDescriptions = table.chunkDescriptions.subarray(0, chunks);
}

/** The sum of the kept samples' durations: the track's length in its timescale. */
export function mediaDuration(table: TrackTable): number {
  let total = 0;
  for (let index = 0; index < table.count; index++) total += table.durations[index]!;
  return total;
}
