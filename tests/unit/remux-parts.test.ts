/**
 * The remux fallback for joining parts (issue #18), on real recorded slices: every packet
 * of every part, in order, on one timeline with each part after the one before; sizes that
 * change where the codec allows it; parts that cannot share a file refused. Judged by
 * ffprobe and ffmpeg, not by mediabunny, which wrote it.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BufferTarget } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { PartsCannotShareError, remuxParts } from '../../src/finishing/remux-parts';
import type { Container } from '../../src/shared/recording-format';
import { decodeWholeFile, frameSizes, hasSeekIndex } from '../e2e/support/media-file';
import { recordedSlices } from './support/recorded-slices';
import { probePackets, type ProbedPacket } from './support/probe-packets';
import { scratchFolder } from './support/scratch';

const scratch = scratchFolder('remux-parts');

const byType = (list: ProbedPacket[], type: string) => list.filter((p) => p.type === type);
const blobOf = (set: string) => new Blob(recordedSlices(set));

function writeInput(set: string, extension: string): string {
  const file = path.join(scratch, `${set}.${extension}`);
  writeFileSync(file, Buffer.concat(recordedSlices(set)));
  return file;
}

describe.each([
  { name: 'WebM of two sizes', sets: ['firefox-webm', 'firefox-webm-640x360', 'firefox-webm'], container: 'webm' },
  { name: 'MP4 of one size', sets: ['chromium-mp4', 'chromium-mp4'], container: 'mp4' },
  { name: 'WebM sound alone', sets: ['firefox-audio-webm', 'firefox-audio-webm'], container: 'webm' },
] as { name: string; sets: string[]; container: Container }[])('remuxParts: $name', ({ sets, container }) => {
  const output = path.join(scratch, `${sets.join('+')}.${container}`);
  const done = (async () => {
    const target = new BufferTarget();
    const progress: number[] = [];
    const result = await remuxParts(sets.map(blobOf), container, target, { onProgress: (f) => progress.push(f) });
    writeFileSync(output, new Uint8Array(target.buffer!));
    return { result, progress };
  })();

  it('copies every packet of every part, in order, each part after the one before', async () => {
    const { result, progress } = await done;
    const inputs = sets.map((set) => probePackets(writeInput(set, container)));
    const joined = probePackets(output);
    for (const type of new Set(joined.map((p) => p.type))) {
      expect(byType(joined, type).map((p) => p.hash)).toEqual(
        inputs.flatMap((list) => byType(list, type).map((p) => p.hash)),
      );
      // Timestamps: each part's own, moved by where it starts; strictly increasing throughout.
      const expected = inputs.flatMap((list, i) => byType(list, type).map((p) => p.pts + result.partStartsSeconds[i]!));
      const times = byType(joined, type).map((p) => p.pts);
      // Up to a constant: the muxer may leave out Opus's CodecDelay, which ffprobe applies to the input.
      const lead = times[0]! - expected[0]!;
      expect(Math.abs(lead)).toBeLessThan(0.01);
      for (const [i, time] of times.entries()) expect(Math.abs(time - expected[i]! - lead)).toBeLessThan(0.002);
      for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    }
    expect(result.packetCount).toBe(joined.length);
    expect(result.partStartsSeconds[0]).toBe(0);
    for (let i = 1; i < sets.length; i++) {
      expect(result.partStartsSeconds[i]!).toBeGreaterThan(result.partStartsSeconds[i - 1]!);
    }
    expect(progress.at(-1)).toBe(1);
  });

  it('has its index, and decodes without an error', async () => {
    await done;
    expect(hasSeekIndex(output)).toBe(true);
    decodeWholeFile(output);
    if (sets.includes('firefox-webm-640x360')) expect(frameSizes(output)).toEqual(['320x180', '640x360', '320x180']);
  });
});

describe('remuxParts refuses parts that cannot share a file', () => {
  it.each([
    {
      name: 'sound alone, then video',
      sets: ['firefox-audio-webm', 'firefox-webm'],
      message: /part 2 has other tracks/,
    },
    {
      name: 'H.264 of another size',
      sets: ['chromium-mp4', 'chromium-mp4-640x360'],
      message: /another video configuration/,
    },
  ])('$name', async ({ sets, message }) => {
    const attempt = remuxParts(sets.map(blobOf), 'webm', new BufferTarget());
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toBeInstanceOf(PartsCannotShareError);
  });
});
