/**
 * The per-slice index of a fragmented MP4: what each slice's record holds, the carry-over
 * state, a recording cut short by a crash, and every refusal (the caller then remuxes).
 */

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { talliedPackets } from '../../src/shared/fragment-tally';
import { indexedPacketCounts, indexSlice, newMp4IndexState, writeMp4Header } from '../../src/shared/mp4-index';
import { boxesAt, shiftDecodeTimes } from './support/fragment-edit';
import { composeFile, cut, headerFor, indexAll, joined, packets } from './support/mp4-compose';
import { recordedSlices } from './support/recorded-slices';
import { scratchFolder } from './support/scratch';
import { newFragmentTally, tallySlice } from './support/fragment-tally';

const scratch = scratchFolder('mp4-slices');

function refusal(slices: Uint8Array[]): string | undefined {
  const result = headerFor(slices);
  return 'refusal' in result ? result.refusal : undefined;
}

describe('per-slice MP4 index', () => {
  it.each(['chromium-mp4', 'chromium-audio-mp4'])('counts what the tally counts, however %s is sliced', (set) => {
    const bytes = joined(recordedSlices(set));
    const expected = talliedPackets(recordedSlices(set).reduce(tallySlice, newFragmentTally()));
    for (const sizes of [[bytes.length], [1000], [3, 5000]]) {
      expect(indexedPacketCounts(indexAll(cut(bytes, sizes)).state)).toEqual(expected);
    }
    expect(indexedPacketCounts(indexAll([bytes.subarray(0, bytes.length - 10)]).state)).toBeUndefined();
    expect(indexedPacketCounts(undefined)).toBeUndefined();
  });

  it('gives the init segment once, in the slice that completes it, and each fragment in the slice that ends it', () => {
    const slices = recordedSlices('chromium-mp4');
    let state = newMp4IndexState();
    const results = slices.map((slice) => {
      const result = indexSlice(state, slice);
      state = result.state;
      return result.slice;
    });
    const moov = boxesAt(slices[0]!, ['moov'])[0]!;
    expect(results[0]!.init).toEqual(slices[0]!.subarray(0, moov.end));
    expect(results.slice(1).every((slice) => slice.init === undefined)).toBe(true);
    expect(results[0]!.runs.sizes.length).toBe(0);
    // Each record holds only its own slice's samples: small, whatever the length of the recording.
    const fragments = boxesAt(joined(slices), ['moof']).length;
    expect(results.reduce((runs, slice) => runs + slice.runs.counts.length, 0)).toBe(fragments * 2);
  });

  it('keeps its carry-over state small and plain: a split box, one fragment', () => {
    const bytes = joined(recordedSlices('chromium-mp4'));
    const moof = boxesAt(bytes, ['moof'])[1]!;
    const { state } = indexAll([bytes.subarray(0, moof.start + 100)]);
    expect(state.pending.length).toBe(100);
    expect(structuredClone(state)).toEqual(state);
    const midMdat = indexAll([bytes.subarray(0, moof.end + 100)]).state;
    expect(midMdat.pending.length).toBe(0);
    expect(midMdat.fragment?.runs.sizes.length).toBeGreaterThan(0);
  });
});

describe('per-slice cost over a long recording', () => {
  it('keeps the state the same size and each record to its own slice, however long it runs', () => {
    const [init, ...fragments] = recordedSlices('chromium-mp4');
    const pair = joined(fragments);
    let state = indexSlice(newMp4IndexState(), init!).state;
    const sizes: number[] = [];
    for (let k = 0; k < 200; k++) {
      // The same three fragments again, three seconds later each time (48 kHz sound, 30 kHz picture).
      const slice = shiftDecodeTimes(pair, (id) => k * (id === 1 ? 144_000 : 90_000));
      const result = structuredClone(indexSlice(state, slice));
      state = result.state;
      expect(result.slice.runs.sizes.length).toBe(139);
      sizes.push(JSON.stringify({ ...state, pending: state.pending.length, counts: undefined }).length);
    }
    // Only the numbers' digits grow (position, decode times): nothing is kept per fragment.
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(20);
    expect(state.fragment).toBeUndefined();
    expect(state.pending.length).toBe(0);
    expect(state.counts).toEqual({ 1: 200 * 49, 2: 200 * 90 });
  });
});

describe('a recording cut short (a crash inside the last fragment)', () => {
  const bytes = joined(recordedSlices('chromium-mp4'));
  const lastMoof = boxesAt(bytes, ['moof']).at(-1)!;
  const wholeFile = path.join(scratch, 'whole.mp4');
  writeFileSync(wholeFile, bytes);

  it.each([
    ['inside the last mdat', bytes.length - 10],
    ['inside the last moof', lastMoof.start + 200],
    ['inside a box header', lastMoof.start + 3],
  ])('leaves out the last fragment when cut %s, and points at nothing missing', async (_where, length) => {
    const slices = [...cut(bytes.subarray(0, length), [40_000])];
    const output = path.join(scratch, `cut-${length}.mp4`);
    const result = await composeFile(slices, output);
    if ('refusal' in result) throw new Error(result.refusal);
    const whole = packets(wholeFile);
    const kept = packets(output);
    for (const type of ['audio', 'video']) {
      expect(kept[type]!.length).toBeLessThan(whole[type]!.length);
      expect(kept[type]).toEqual(whole[type]!.slice(0, kept[type]!.length));
    }
    expect(result.cutShort).toBe(true);
    if (length === bytes.length - 10) expect(result.unfinishedSamples).toBeGreaterThan(0);
    execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', output, '-f', 'null', '-']);
  });
});

describe('refusals, with a reason for the log', () => {
  it('refuses what is not a fragmented MP4', () => {
    const plain = path.join(scratch, 'plain.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', plain]);
    expect(refusal([new Uint8Array(readFileSync(plain))])).toMatch(/not a fragmented MP4|before the moov/);
    expect(refusal(recordedSlices('chromium-webm'))).toMatch(/not an MP4/);
    expect(refusal([new Uint8Array([0, 0, 0, 2, 0x6d, 0x6f, 0x6f, 0x66])])).toMatch(/damaged/);
    expect(refusal([])).toMatch(/no init segment/);
  });

  it('refuses without an index or its records', () => {
    const slices = recordedSlices('chromium-mp4');
    const { state, init, records } = indexAll(slices);
    expect(writeMp4Header(init, records, undefined)).toEqual({ refusal: 'no index was kept while recording' });
    expect(writeMp4Header(init, records.slice(0, -1), state)).toEqual({ refusal: "a slice's record is missing" });
    expect(writeMp4Header(init, [records[0], undefined, records[2]], state)).toEqual({
      refusal: "a slice's record is missing",
    });
    expect(writeMp4Header(init, [records[0]!, records[2]!, records[1]!], state)).toEqual({
      refusal: "the slices' records are out of order",
    });
    expect(writeMp4Header(undefined, records, state)).toEqual({ refusal: 'no init segment was recorded' });
  });

  it('refuses a damaged fragment: a run outside its mdat, a second init segment', () => {
    const bytes = joined(recordedSlices('chromium-mp4'));
    const trun = boxesAt(bytes, ['moof', 'traf', 'trun'])[0]!;
    const outside = new Uint8Array(bytes);
    new DataView(outside.buffer).setInt32(trun.body + 8, 1_000_000);
    expect(refusal([outside])).toMatch(/outside its mdat/);
    expect(refusal([bytes, bytes])).toMatch(/second init segment/);
    const huge = new Uint8Array(bytes);
    new DataView(huge.buffer).setUint32(trun.body + 4, 0x7fffffff);
    expect(refusal([huge])).toMatch(/trun|too short/);
  });

  it('refuses a fragment naming a sample entry the init segment lacks', () => {
    const bytes = joined(recordedSlices('chromium-mp4'));
    const trex = boxesAt(bytes, ['moov', 'mvex', 'trex'])[0]!;
    const wrong = new Uint8Array(bytes);
    new DataView(wrong.buffer).setUint32(trex.body + 8, 2);
    expect(refusal([wrong])).toMatch(/sample entry 2 of 1/);
  });
});
