/**
 * Table entries written ahead with the tables gathered as Stop is pressed: the header
 * keeps them as pieces of their own (the very arrays, which the platform made Blobs of),
 * writes only the entries after them, and is the same file a header written whole is.
 * Entries the end can still change (the last run of durations, anything a cut drops) are
 * never written ahead, or not used.
 */

import { describe, expect, it } from 'vitest';
import { aheadBytes, gatherPrefix, writeMp4Header, type Mp4HeaderOptions } from '../../src/shared/mp4-index';
import { writeEntriesAhead, type EntriesAhead } from '../../src/shared/mp4-index/entries-ahead';
import type { TrackSamples } from '../../src/shared/mp4-index/track-table';
import { indexAll, joined, type Indexed } from './support/mp4-compose';
import { recordedSlices } from './support/recorded-slices';

function written(indexed: Indexed, options: Mp4HeaderOptions) {
  const result = writeMp4Header(indexed.init, indexed.records, indexed.state, options);
  if ('refusal' in result) throw new Error(result.refusal);
  return result;
}

/** A track of `durations` (decode times following them), sizes 100 + index, every third sample a key frame. */
function track(durations: number[], times?: number[]): TrackSamples {
  const count = durations.length;
  const decodeTimes = new Float64Array(count);
  durations.reduce((time, duration, index) => ((decodeTimes[index] = times?.[index] ?? time), time + duration), 0);
  return {
    count,
    sizes: Uint32Array.from(durations, (_, index) => 100 + index),
    decodeTimes,
    durations: Uint32Array.from(durations),
    sync: Uint8Array.from(durations, (_, index) => (index % 3 === 0 ? 1 : 0)),
    chunkOffsets: Float64Array.of(0),
    chunkCounts: Uint32Array.of(count),
    chunkDescriptions: Uint32Array.of(1),
  };
}

/** The big-endian words of `chunks` one after another. */
const words = (chunks: Uint8Array[]) => {
  const bytes = joined(chunks);
  return Array.from({ length: bytes.length / 4 }, (_, index) => new DataView(bytes.buffer).getUint32(index * 4));
};

/** The table's first `count` samples, over the same arrays. */
const upTo = (table: TrackSamples, count: number): TrackSamples => ({ ...table, count });

describe('table entries written ahead', () => {
  it.each(['chromium-mp4', 'chromium-audio-mp4'] as const)(
    '%s: keeps them as pieces of the header, writes only the rest, and gives the same header',
    (fixture) => {
      const indexed = indexAll(recordedSlices(fixture));
      const expected = joined(written(indexed, { endTogether: true }).header);
      const prefix = gatherPrefix(indexed.records.slice(0, indexed.records.length - 1))!;
      const kept = [...prefix.tables.values()].flatMap((samples) => aheadBytes(samples.ahead));
      const result = written(indexed, { endTogether: true, prefix });
      expect(joined(result.header)).toEqual(expected);
      expect(result.headerLength).toBe(expected.length);
      // The stsz entries of every track at least; an empty array is no piece.
      const used = kept.filter((bytes) => result.header.includes(bytes));
      expect(used.length).toBeGreaterThanOrEqual(prefix.tables.size);
      expect(used).toEqual(kept.filter((bytes) => bytes.length > 0));
      const keptBytes = used.reduce((sum, bytes) => sum + bytes.length, 0);
      const newBytes = result.header
        .filter((piece) => !kept.includes(piece))
        .reduce((sum, piece) => sum + piece.length, 0);
      expect(keptBytes + newBytes).toBe(expected.length);
    },
  );

  it('are left unused where the press falls inside the samples they cover', () => {
    const indexed = indexAll(recordedSlices('chromium-mp4'));
    const options = { endAtMs: 1500, endTogether: true };
    const expected = joined(written(indexed, options).header);
    const prefix = gatherPrefix(indexed.records)!;
    const result = written(indexed, { ...options, prefix });
    expect(joined(result.header)).toEqual(expected);
    const kept = [...prefix.tables.values()].flatMap((samples) => aheadBytes(samples.ahead));
    expect(result.header.filter((piece) => kept.includes(piece))).toEqual([]);
  });

  it('write sizes and key frames of every sample, and only the runs of durations the next sample closed', () => {
    const ahead = writeEntriesAhead(track([10, 10, 20, 20, 20, 30, 30]))!;
    expect(ahead.sizes.samples).toBe(7);
    expect(words(ahead.sizes.chunks)).toEqual([100, 101, 102, 103, 104, 105, 106]);
    expect(ahead.syncs).toMatchObject({ samples: 7, count: 3 });
    expect(words(ahead.syncs.chunks)).toEqual([1, 4, 7]);
    // The last sample's duration is the gap to the next one, still to come; the run of 30s could go on.
    expect(ahead.durations).toMatchObject({ samples: 5, runs: 2, nextTime: 80 });
    expect(words(ahead.durations.chunks)).toEqual([2, 10, 3, 20]);
  });

  it('write durations as the timing is settled: a fragment decoding too early is pushed after the one before', () => {
    // Sample 3 decodes at 15, before sample 2 (20): settled, it decodes at 21.
    const ahead = writeEntriesAhead(track([10, 10, 10, 10, 10, 10], [0, 10, 20, 15, 30, 45]))!;
    expect(words(ahead.durations.chunks)).toEqual([2, 10, 1, 1, 1, 9]);
    expect(ahead.durations).toMatchObject({ samples: 4, runs: 3, nextTime: 30 });
  });

  it('write no key frame list for sound, whose samples are all key frames, until one is not', () => {
    const sound = track([10, 10, 10, 10, 10, 10]);
    sound.sync.fill(1);
    const allSync = writeEntriesAhead(upTo(sound, 4))!;
    expect(allSync.syncs).toMatchObject({ samples: 0, count: 0, chunks: [] });
    expect(allSync.durations).toMatchObject({ samples: 0, chunks: [] });
    sound.sync[4] = 0;
    const then = writeEntriesAhead(sound, allSync)!;
    expect(then.syncs).toMatchObject({ samples: 6, count: 5 });
    expect(words(then.syncs.chunks)).toEqual([1, 2, 3, 4, 6]);
  });

  it('go on from the entries written before, chunk after chunk, as if written at once', () => {
    // Runs across the chunks' ends, a settled push in the second, a run closed only by the third.
    const durations = [10, 10, 10, 20, 20, 20, 20, 20, 5, 5, 5, 20, 20, 20, 20, 20, 20, 7];
    const whole = track(durations);
    // Sample 9 decodes 5 before sample 8 ends: pushed to one tick after it.
    whole.decodeTimes[9] = whole.decodeTimes[8]! - 5;
    const atOnce = writeEntriesAhead(whole)!;
    for (const steps of [
      [5, 18],
      [2, 9, 12, 18],
      [4, 6, 7, 10, 11, 17, 18],
    ]) {
      let ahead: EntriesAhead | undefined;
      for (const count of steps) ahead = writeEntriesAhead(upTo(whole, count), ahead);
      expect(words(ahead!.sizes.chunks)).toEqual(words(atOnce.sizes.chunks));
      expect(words(ahead!.syncs.chunks)).toEqual(words(atOnce.syncs.chunks));
      expect(words(ahead!.durations.chunks)).toEqual(words(atOnce.durations.chunks));
      expect({ ...ahead!.durations, chunks: [] }).toEqual({ ...atOnce.durations, chunks: [] });
      expect(ahead!.sizes.chunks.length).toBe(steps.length);
    }
  });
});
