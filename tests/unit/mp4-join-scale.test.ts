/**
 * Joining and trimming cost only the index (issue #18): three one-hour parts joined, and a
 * 10 s section of a 3-hour recording (about a million samples), on records as the slices
 * would have left them. Sizes and times are reported; only sizes and the slices referenced
 * are held to bounds (timings vary with the machine).
 */

import { describe, expect, it } from 'vitest';
import type { PiecedFile } from '../../src/shared/file-pieces';
import { writeMp4Parts, type Mp4PartInput } from '../../src/shared/mp4-index';
import { indexAll } from './support/mp4-compose';
import { recordedSlices } from './support/recorded-slices';
import { AUDIO, FRAGMENTS, syntheticPart, VIDEO } from './support/synthetic-runs';

const { state, init } = indexAll([recordedSlices('chromium-mp4')[0]!]);

function timed(parts: Mp4PartInput[], section?: { startMs: number; endMs: number }) {
  const started = performance.now();
  const result = writeMp4Parts(parts, section ? { section } : {});
  const elapsed = performance.now() - started;
  if ('refusal' in result) throw new Error(result.refusal);
  return { result, elapsed };
}

const headerOf = (result: PiecedFile) => result.pieces[0] as Uint8Array;
const storedPieces = (result: PiecedFile) => result.pieces.filter((piece) => !(piece instanceof Uint8Array));
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

describe('joining and trimming long recordings by their index', () => {
  it('joins three one-hour parts with a header of about 12 bytes a sample', () => {
    const hour = FRAGMENTS / 3;
    const parts = [0, 1, 2].map(() => syntheticPart(init!, state, hour));
    const { result, elapsed } = timed(parts);
    const samples = 3 * hour * (AUDIO + VIDEO);
    const header = headerOf(result);
    console.log(
      `3-part join, ${samples} samples: header ${mb(header.length)} ` +
        `(${(header.length / samples).toFixed(2)} bytes/sample), written in ${elapsed.toFixed(0)} ms`,
    );
    expect(result.packetCounts).toEqual({ 1: 3 * hour * AUDIO, 2: 3 * hour * VIDEO });
    expect(result.durationMs).toBeCloseTo(3 * hour * 1000, -2);
    expect(result.partStartsMs.map((ms) => Math.round(ms / 1000))).toEqual([0, hour, 2 * hour]);
    expect(header.length / samples).toBeLessThan(13);
    expect(storedPieces(result)).toHaveLength(3 * (hour + 1));
  });

  it('cuts 10 s out of 3 hours with a small header and only the slices of those seconds', () => {
    const part = syntheticPart(init!, state, FRAGMENTS);
    const whole = timed([part]);
    const section = timed([part], { startMs: 5_400_500, endMs: 5_410_500 });
    const header = headerOf(section.result);
    const stored = storedPieces(section.result);
    console.log(
      `10 s of 3 h (${FRAGMENTS * (AUDIO + VIDEO)} samples): whole header ${mb(headerOf(whole.result).length)} ` +
        `in ${whole.elapsed.toFixed(0)} ms; section header ${header.length} bytes in ${section.elapsed.toFixed(0)} ms, ` +
        `${stored.length} slice ranges`,
    );
    expect(section.result.section!.startMs).toBeCloseTo(5_400_000, -1);
    expect(section.result.durationMs).toBeCloseTo(10_500, -1);
    expect(header.length).toBeLessThan(20_000);
    // The 11 seconds' slices (one a second), no more.
    expect(stored.length).toBeLessThanOrEqual(12);
    const slices = stored.map((piece) => (piece instanceof Uint8Array ? -1 : piece.slice));
    expect(Math.min(...slices)).toBeGreaterThanOrEqual(5400);
  });
});
