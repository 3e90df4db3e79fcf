/**
 * Index-only finishing of Chromium's fragmented MP4 (issue #17), judged on the composed
 * file (`new Blob([header, ...slices])`) by tools that did not write it: ffprobe's packets
 * (payload hash, times, key flags) against the recorded input's, ffmpeg decoding it whole
 * and after a seek near the end, mediabunny reading it back, and a walk of its boxes.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Mp4Header, Mp4HeaderOptions } from '../../src/shared/mp4-index';
import { decodeWholeFile } from '../e2e/support/media-file';
import { duplicateSampleEntry, setDefaultDescription, shiftDecodeTimes } from './support/fragment-edit';
import {
  composeFile,
  cut,
  decodeErrorsAfter,
  framesAfter,
  joined,
  mediabunnyCounts,
  packets,
  streamDurations,
  topBoxes,
  type Packet,
} from './support/mp4-compose';
import { recordedSlices } from './support/recorded-slices';
import { scratchFolder } from './support/scratch';

const scratch = scratchFolder('mp4-index');
let files = 0;

/** The recording as stored (one fragmented file) and the composed file, both on disk. */
async function compose(
  slices: Uint8Array<ArrayBuffer>[],
  options: Mp4HeaderOptions = {},
): Promise<{ input: string; output: string; result: Mp4Header }> {
  const input = path.join(scratch, `input-${++files}.mp4`);
  const output = path.join(scratch, `output-${files}.mp4`);
  writeFileSync(input, joined(slices));
  const result = await composeFile(slices, output, options);
  if ('refusal' in result) throw new Error(`refused: ${result.refusal}`);
  return { input, output, result };
}

const totalPackets = (byType: Record<string, Packet[]>) => Object.values(byType).flat().length;

describe.each(['chromium-mp4', 'chromium-audio-mp4'])('index-only MP4 from %s', (set) => {
  it('carries every packet of the recording, with its times and key flags, and nothing more', async () => {
    const { input, output, result } = await compose(recordedSlices(set));
    const expected = packets(input);
    expect(packets(output)).toEqual(expected);
    expect(Object.values(result.packetCounts).reduce((a, b) => a + b)).toBe(totalPackets(expected));
    expect(result.unfinishedSamples).toBe(0);
    expect(result.cutShort).toBe(false);
    expect(result.dataBytes).toBe(joined(recordedSlices(set)).length);
  });

  it('is a regular MP4 with the index first, that decodes cleanly and after a seek near its end', async () => {
    const { output, result } = await compose(recordedSlices(set));
    expect(topBoxes(readFileSync(output))).toEqual(['ftyp', 'moov', 'mdat']);
    decodeWholeFile(output);
    const durations = streamDurations(output);
    expect(Math.max(...Object.values(durations)) * 1000).toBeCloseTo(result.durationMs, -1);
    const nearEnd = result.durationMs / 1000 - 0.5;
    expect(decodeErrorsAfter(output, nearEnd)).toBe('');
    expect(framesAfter(output, nearEnd, 'a')).toBeGreaterThan(0);
    if (set === 'chromium-mp4') expect(framesAfter(output, nearEnd, 'v')).toBeGreaterThan(0);
  });

  it('reads back in mediabunny with the right packet counts', async () => {
    const { input, output } = await compose(recordedSlices(set));
    const counts = await mediabunnyCounts(output);
    expect(counts.reduce((a, b) => a + b)).toBe(totalPackets(packets(input)));
    expect(counts).toEqual(await mediabunnyCounts(input));
  });

  it('gives the same file however the bytes were sliced (boxes split, 1-byte slices)', async () => {
    const slices = recordedSlices(set);
    const { output } = await compose(slices);
    const bytes = joined(slices);
    // 1-byte slices through the init segment and the first moof, then odd sizes throughout.
    const finely = [...cut(bytes.subarray(0, 2500), [1]), bytes.subarray(2500)];
    const cases: [string, Uint8Array<ArrayBuffer>[]][] = [
      ['1 byte, then the rest', finely],
      ['13', cut(bytes, [13])],
      ['4096, 1, 7', cut(bytes, [4096, 1, 7])],
      ['36, 1185', cut(bytes, [36, 1185])],
      ['one slice', [bytes]],
    ];
    for (const [sizes, pieces] of cases) {
      const { output: resliced } = await compose(pieces);
      expect(readFileSync(resliced), `slices of ${sizes} bytes`).toEqual(readFileSync(output));
    }
  });
});

describe('index-only MP4: cutting the end', () => {
  it('ends sound and picture together at the moment asked, dropping only what starts after it', async () => {
    const slices = recordedSlices('chromium-mp4');
    const { input } = await compose(slices);
    const { output, result } = await compose(slices, { endAtMs: 2500 });
    const durations = streamDurations(output);
    expect(Math.abs(durations.audio! - durations.video!)).toBeLessThan(0.04);
    expect(result.durationMs).toBeCloseTo(2500, 0);
    expect(Math.abs(result.trackEndsMs[1]! - result.trackEndsMs[2]!)).toBeLessThan(40);
    const before = packets(input);
    const after = packets(output);
    for (const type of ['audio', 'video']) {
      const kept = before[type]!.filter((packet) => Number(packet.dts_time) < 2.5);
      expect(after[type], type).toEqual(kept);
    }
    decodeWholeFile(output);
  });

  it('ends both tracks where the first one ends when asked to end them together', async () => {
    const slices = recordedSlices('chromium-mp4');
    const { input } = await compose(slices);
    const { output, result } = await compose(slices, { endTogether: true });
    const { 1: audioEnd, 2: videoEnd } = result.trackEndsMs;
    // Chromium's sound ends about 100 ms before its picture: the picture is cut to it.
    expect(Math.abs(audioEnd! - videoEnd!)).toBeLessThan(40);
    expect(packets(output).audio).toEqual(packets(input).audio);
    decodeWholeFile(output);
  });

  it('changes nothing when the moment is after the end', async () => {
    const slices = recordedSlices('chromium-mp4');
    const whole = await compose(slices);
    const late = await compose(slices, { endAtMs: 60_000 });
    expect(readFileSync(late.output)).toEqual(readFileSync(whole.output));
  });
});

describe('index-only MP4: timing', () => {
  it('keeps a pause gap in the decode times as it is, both tracks in sync', async () => {
    // Two seconds of nothing before the second and later fragments, in each track's own ticks.
    const timescale: Record<number, number> = { 1: 48_000, 2: 30_000 };
    const gapped = shiftDecodeTimes(joined(recordedSlices('chromium-mp4')), (id, n) =>
      n >= 1 ? 2 * timescale[id]! : 0,
    );
    const { input, output, result } = await compose(cut(gapped, [40_000]));
    expect(packets(output)).toEqual(packets(input));
    expect(result.durationMs).toBeGreaterThan(4900);
    decodeWholeFile(output);
  });

  it('starts at 0 when the recording does not, keeping the offset between the tracks', async () => {
    // Video from 10 s, sound from 10.2 s (489 600 ticks of 48 kHz): the file starts with the video, the sound 0.2 s in.
    const shifted = shiftDecodeTimes(joined(recordedSlices('chromium-mp4')), (id) => (id === 1 ? 489_600 : 300_000));
    const { input, output } = await compose([shifted]);
    const before = packets(input);
    const after = packets(output);
    for (const type of ['audio', 'video']) {
      expect(after[type]!.map((packet) => packet.data_hash)).toEqual(before[type]!.map((packet) => packet.data_hash));
      after[type]!.forEach((packet, index) => {
        expect(Number(packet.pts_time)).toBeCloseTo(Number(before[type]![index]!.pts_time) - 10, 3);
      });
    }
    decodeWholeFile(output);
  });
});

describe('index-only MP4: sample entries', () => {
  it('points at the sample entry the fragments name when the stsd has several', async () => {
    const bytes = duplicateSampleEntry(joined(recordedSlices('chromium-mp4')), 2);
    const { input, output } = await compose([setDefaultDescription(bytes, 2, 2)]);
    // ffprobe shows the switch to the second entry's codec data as side data: the fields compared are the same.
    expect(packets(output)).toEqual(packets(input));
    decodeWholeFile(output);
  });
});
