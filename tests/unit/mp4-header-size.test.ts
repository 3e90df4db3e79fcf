/**
 * The header of a 3-hour recording: about a million samples, in records as the slices
 * would have left them (one-second fragments of 30 video and 63 sound samples, durations
 * jittering as Chromium's do, so `stts` cannot fold them). Its size per sample and the
 * time to write it are reported; only the size is held to a bound.
 */

import { describe, expect, it } from 'vitest';
import { writeMp4Header, type SampleRuns } from '../../src/shared/mp4-index';
import { AUDIO, FOUR_GB, FRAGMENTS, fragment, VIDEO } from './support/synthetic-runs';
import { boxesAt } from './support/fragment-edit';
import { indexAll, joined } from './support/mp4-compose';
import { recordedSlices } from './support/recorded-slices';

describe('index-only MP4 header for 3 hours', () => {
  it('stays near 12 bytes a sample and is quick to write', () => {
    const { state, init } = indexAll([recordedSlices('chromium-mp4')[0]!]);
    const records: SampleRuns[] = [];
    // Past 4 GB, as 3 hours at 1080p are: the chunk offsets must take 64 bits.
    let offset = state.position + FOUR_GB;
    for (let second = 0; second < FRAGMENTS; second++) {
      const made = fragment(second, offset);
      records.push(made.runs);
      offset += made.bytes;
    }
    const samples = FRAGMENTS * (VIDEO + AUDIO);
    const stored = { ...state, position: offset, counts: { 1: FRAGMENTS * AUDIO, 2: FRAGMENTS * VIDEO } };
    const recordBytes = records.reduce(
      (total, runs) => total + Object.values(runs).reduce((sum, array: ArrayBufferView) => sum + array.byteLength, 0),
      0,
    );

    const started = performance.now();
    const result = writeMp4Header(init, records, stored);
    const elapsed = performance.now() - started;
    if ('refusal' in result) throw new Error(result.refusal);

    const header = joined(result.header);
    const perSample = header.length / samples;
    console.log(
      `${samples} samples (${((offset - FOUR_GB) / 2 ** 30).toFixed(1)} GB of media): header ${(header.length / 2 ** 20).toFixed(1)} MB, ` +
        `${perSample.toFixed(2)} bytes/sample, written in ${elapsed.toFixed(0)} ms; ` +
        `per-slice records ${(recordBytes / samples).toFixed(1)} bytes/sample`,
    );
    expect(samples).toBeGreaterThan(1_000_000);
    expect(perSample).toBeGreaterThan(8);
    expect(perSample).toBeLessThan(13);
    expect(result.durationMs).toBeCloseTo(FRAGMENTS * 1000, -2);
    expect(result.packetCounts).toEqual(stored.counts);
    const view = new DataView(header.buffer);
    const [audio, video] = boxesAt(header.subarray(0, header.length - 16), [
      'moov',
      'trak',
      'mdia',
      'minf',
      'stbl',
      'co64',
    ]);
    const entry = (box: typeof audio, index: number) => Number(view.getBigUint64(box!.body + 8 + index * 8));
    expect(entry(video, FRAGMENTS - 1)).toBe(header.length + records.at(-1)!.offsets[1]!);
    expect(entry(audio, 0)).toBe(header.length + records[0]!.offsets[0]!);
    expect(new DataView(header.buffer).getBigUint64(header.length - 8)).toBe(BigInt(16 + offset));
  });
});
