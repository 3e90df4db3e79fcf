/**
 * Joining recorded parts into one WebM by the index alone (issue #18): real Firefox
 * recordings of one size and of two sizes, and of sound alone. The file carries every
 * packet of every part in order, on one timeline with no overlap, decodes without an
 * error, seeks into each part at its own size, and has Cues and Duration. Parts that cannot
 * share a file, and rows stored before joining existed, are refused.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PiecedFile } from '../../src/shared/file-pieces';
import { writeWebmParts } from '../../src/shared/webm-index';
import { decodeAt, decodeWholeFile, frameSizes, hasSeekIndex } from '../e2e/support/media-file';
import { recordedSlices } from './support/recorded-slices';
import {
  finishToFile,
  mkvinfo,
  packets,
  readWithMediabunny,
  writeInput,
  type Packet,
} from './support/webm-index-files';
import { composePieces, partInput, writePartsFile } from './support/webm-parts';

const SIZES: Record<string, [number, number]> = {
  'firefox-webm': [320, 180],
  'firefox-webm-640x360': [640, 360],
};

/** The parts' own packets, each part's times moved by where it starts in the file. */
function expectedPackets(sets: readonly string[], result: PiecedFile): Packet[] {
  return sets.flatMap((set, i) =>
    packets(writeInput(recordedSlices(set), `${set}-${i}`)).map((p) => ({
      ...p,
      pts: p.pts + result.partStartsMs[i]! / 1000,
    })),
  );
}

function expectSamePackets(actual: Packet[], expected: Packet[]) {
  expect(actual.map(({ stream, hash, key }) => ({ stream, hash, key }))).toEqual(
    expected.map(({ stream, hash, key }) => ({ stream, hash, key })),
  );
  for (const [i, packet] of actual.entries()) expect(Math.abs(packet.pts - expected[i]!.pts)).toBeLessThan(0.0015);
}

describe.each([
  { name: 'one size', sets: ['firefox-webm', 'firefox-webm'] },
  { name: 'two sizes', sets: ['firefox-webm', 'firefox-webm-640x360', 'firefox-webm'] },
  { name: 'sound alone', sets: ['firefox-audio-webm', 'firefox-audio-webm'] },
])('joining parts by the index: $name', ({ sets }) => {
  const written = writePartsFile(
    sets.map((set) => recordedSlices(set)),
    `join-${sets.join('+')}`,
  );

  it('carries every packet of every part, in order, and no other', async () => {
    const { file, result } = await written;
    expectSamePackets(packets(file), expectedPackets(sets, result));
  });

  it('has one timeline: each part after the one before, no overlap', async () => {
    const { file, result } = await written;
    expect(result.partStartsMs[0]).toBe(0);
    for (let i = 1; i < sets.length; i++) expect(result.partStartsMs[i]).toBeGreaterThan(result.partStartsMs[i - 1]!);
    const list = packets(file);
    for (const stream of new Set(list.map((p) => p.stream))) {
      const times = list.filter((p) => p.stream === stream).map((p) => p.pts);
      for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    }
    // Each part's packets lie between its start and the next part's.
    let at = 0;
    for (const [i, set] of sets.entries()) {
      const count = packets(writeInput(recordedSlices(set), `${set}-${i}`)).length;
      const own = list.slice(at, at + count);
      at += count;
      const next = result.partStartsMs[i + 1];
      for (const p of own) {
        expect(p.pts).toBeGreaterThanOrEqual(result.partStartsMs[i]! / 1000 - 0.0075);
        if (next !== undefined) expect(p.pts).toBeLessThan(next / 1000);
      }
    }
  });

  it('declares the joined Duration, has Cues, decodes without an error', async () => {
    const { file, result } = await written;
    expect(hasSeekIndex(file)).toBe(true);
    const info = mkvinfo(file);
    const duration = /^\| \+ Duration: 00:00:(\d+\.\d+)/m.exec(info)![1]!;
    expect(Number(duration)).toBeCloseTo(result.durationMs / 1000, 3);
    const cuePoints = info.match(/^\| \+ Cue point/gm)?.length ?? 0;
    expect(cuePoints).toBeGreaterThanOrEqual(sets.length);
    decodeWholeFile(file);
    // Each part's end lies near the next one's start: the gaps are the parts' own leads.
    expect(result.durationMs).toBeGreaterThan(result.partStartsMs.at(-1)!);
  });

  it('is read back by mediabunny with every packet', async () => {
    const { file, result } = await written;
    const read = await readWithMediabunny(file);
    const byType: Record<string, number> = {};
    for (const p of packets(file)) byType[p.type] = (byType[p.type] ?? 0) + 1;
    expect(read.counts).toEqual(byType);
    expect(Object.values(result.packetCounts).reduce((a, b) => a + b, 0)).toBe(packets(file).length);
    expect(read.declared).toBeCloseTo(result.durationMs / 1000, 3);
  });

  it('seeks into each part and decodes there: a frame of its size, or its sound', async () => {
    const { file, result } = await written;
    for (const [i, set] of sets.entries()) {
      const at = result.partStartsMs[i]! / 1000 + 0.5;
      const size = SIZES[set];
      if (size) expect(decodeAt(file, at, 'video')).toBe(size[0] * size[1]);
      else expect(decodeAt(file, at, 'audio')).toBeGreaterThan(0);
    }
    if (sets.length === 3) expect(frameSizes(file)).toEqual(['320x180', '640x360', '320x180']);
  });
});

describe('parts that cannot be joined by the index', () => {
  const video = partInput(recordedSlices('firefox-webm'));
  const audio = partInput(recordedSlices('firefox-audio-webm'));

  it('refuses sound alone then video: they cannot share a file', () => {
    const result = writeWebmParts([audio, video]);
    expect(result).toMatchObject({ cannotShare: true });
    expect('refusal' in result && result.refusal).toMatch(/part 2 has other tracks: audio A_OPUS, then video V_VP8/);
  });

  it('refuses another codec: they cannot share a file', () => {
    const vp9 = partInput(recordedSlices('firefox-webm'));
    const head = vp9.sliceIndexes[0]!.head!;
    const tracks = head.tracks.slice();
    const at = Buffer.from(tracks).indexOf('V_VP8');
    tracks[at + 4] = '9'.charCodeAt(0);
    vp9.sliceIndexes[0] = { ...vp9.sliceIndexes[0]!, head: { ...head, tracks } };
    expect(writeWebmParts([video, vp9])).toEqual({
      refusal: 'part 2 has other tracks: video V_VP8 + audio A_OPUS, then video V_VP9 + audio A_OPUS',
      cannotShare: true,
    });
  });

  it('refuses rows stored before joining existed, for the remux to do it', () => {
    const old = partInput(recordedSlices('firefox-webm'));
    old.sliceIndexes = old.sliceIndexes.map(({ clusterTimes: _times, frames: _frames, ...rest }) => rest);
    const result = writeWebmParts([video, old]);
    expect(result).toEqual({ refusal: 'part 2: the index was stored by an older version' });
    // One whole part from such rows is finished as before.
    const whole = writeWebmParts([old]);
    expect('pieces' in whole && whole.durationMs).toBeGreaterThan(2500);
  });

  it('refuses an empty section', () => {
    for (const section of [
      { startMs: 2000, endMs: 2000 },
      { startMs: Number.NaN, endMs: 1000 },
    ]) {
      expect(writeWebmParts([video], { section })).toEqual({ refusal: 'an empty section' });
    }
  });

  it('refuses a missing slice', () => {
    const gap = partInput(recordedSlices('firefox-webm'));
    gap.sliceIndexes.splice(1, 1);
    gap.sliceSizes.splice(1, 1);
    expect(writeWebmParts([video, gap])).toMatchObject({
      refusal: expect.stringMatching(/^part 2: a slice is missing/),
    });
  });

  it('gives the single whole part exactly as finishing did before', async () => {
    const slices = recordedSlices('chromium-webm');
    const result = writeWebmParts([partInput(slices, 2500)]);
    if ('refusal' in result) throw new Error(result.refusal);
    const { file, finish } = await finishToFile(slices, 'chromium-whole-before', { endAtMs: 2500 });
    const bytes = new Uint8Array(await composePieces(result.pieces, [slices]).arrayBuffer());
    expect(Buffer.from(bytes).equals(readFileSync(file))).toBe(true);
    expect(result).toMatchObject({ durationMs: finish.durationMs, newBytes: finish.newBytes, partStartsMs: [0] });
    const byStream: Record<number, number> = {};
    for (const p of packets(file)) byStream[p.stream + 1] = (byStream[p.stream + 1] ?? 0) + 1;
    expect(result.packetCounts).toEqual(byStream);
  });
});
