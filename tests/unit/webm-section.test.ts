/**
 * Cutting a section out of a recording by the index alone (issue #18): the file starts at
 * the key frame at or before the start (for sound alone, the Cluster's first frame), ends
 * before the first frame at or after the end, and keeps exactly the packets between, with
 * its timeline from 0. Also across parts joined, and on a long recording, where only the
 * slices the section needs are referenced.
 */

import { describe, expect, it } from 'vitest';
import type { FilePiece, PiecedFile, SectionRange } from '../../src/shared/file-pieces';
import { writeWebmParts } from '../../src/shared/webm-index';
import { decodeWholeFile, hasSeekIndex } from '../e2e/support/media-file';
import { recordedSlices } from './support/recorded-slices';
import { concat, mkvinfo, packets, reslice, writeInput, type Packet } from './support/webm-index-files';
import { composePieces, partInput, writePartsFile } from './support/webm-parts';
import { THREE_HOURS_OF_SLICES, threeHourIndexes } from './support/webm-long-index';

interface Block extends Packet {
  /** Time in ms on the joined timeline, as the block says (ffprobe moves Opus by its CodecDelay). */
  ms: number;
  /** Opens its Cluster. */
  first: boolean;
}

/** The blocks of mkvinfo's listing, one per packet ffprobe reads, in file order. */
function blocksOf(file: string): { ms: number; first: boolean }[] {
  const blocks: { ms: number; first: boolean }[] = [];
  let first = false;
  for (const line of mkvinfo(file).split('\n')) {
    if (/^\|\+ Cluster/.test(line)) first = true;
    const block = /(?:Simple block|Block):.*timestamp (\d+):(\d+):([\d.]+)/.exec(line);
    if (!block) continue;
    blocks.push({ ms: Math.round((Number(block[1]) * 3600 + Number(block[2]) * 60 + Number(block[3])) * 1000), first });
    first = false;
  }
  return blocks;
}

/** Every packet of the parts joined, as the joined file's timeline places them (0 = the joined start). */
function joinedBlocks(sets: readonly string[], offsetsMs: readonly number[]): Block[] {
  return sets.flatMap((set, i) => {
    const input = writeInput(recordedSlices(set), `${set}-section-${i}`);
    const blocks = blocksOf(input);
    return packets(input).map((p, k) => ({
      ...p,
      pts: p.pts + offsetsMs[i]! / 1000,
      ms: blocks[k]!.ms + offsetsMs[i]!,
      first: blocks[k]!.first,
    }));
  });
}

/** What the section must keep: from the key frame at or before its start to the first frame at or after its end. */
function expectedSection(all: Block[], section: SectionRange, video: boolean): { kept: Block[]; startMs: number } {
  const starts = all.flatMap((b, i) => ((video ? b.type === 'video' && b.key : b.first) ? [i] : []));
  const start = starts.filter((i) => all[i]!.ms <= section.startMs).at(-1) ?? starts[0]!;
  const end = all.findIndex((b, i) => i > start && b.ms >= section.endMs);
  return { kept: all.slice(start, end < 0 ? undefined : end), startMs: all[start]!.ms };
}

function expectKept(file: string, result: PiecedFile, expected: Block[], joinedOriginMs: number) {
  const actual = packets(file);
  expect(actual.map(({ stream, hash, key }) => ({ stream, hash, key }))).toEqual(
    expected.map(({ stream, hash, key }) => ({ stream, hash, key })),
  );
  for (const [i, p] of actual.entries()) {
    expect(Math.abs(p.pts - (expected[i]!.pts - joinedOriginMs / 1000))).toBeLessThan(0.0015);
  }
  expect(Object.values(result.packetCounts).reduce((a, b) => a + b, 0)).toBe(actual.length);
  expect(hasSeekIndex(file)).toBe(true);
  decodeWholeFile(file);
}

const CASES = [
  { name: 'a Chromium recording', sets: ['chromium-webm'], section: { startMs: 1300, endMs: 2300 }, video: true },
  {
    name: 'a Chromium recording, to its end',
    sets: ['chromium-webm'],
    section: { startMs: 2700, endMs: 60_000 },
    video: true,
  },
  { name: 'sound alone', sets: ['firefox-audio-webm'], section: { startMs: 1500, endMs: 2510 }, video: false },
  {
    name: 'Chromium parts, across the switch',
    sets: ['chromium-webm', 'chromium-webm'],
    section: { startMs: 2000, endMs: 4200 },
    video: true,
  },
  {
    name: 'Firefox parts of two sizes, across the switch',
    sets: ['firefox-webm', 'firefox-webm-640x360', 'firefox-webm'],
    section: { startMs: 4000, endMs: 7500 },
    video: true,
  },
];

describe.each(CASES)('a section of $name', ({ sets, section, video }) => {
  const written = writePartsFile(
    sets.map((set) => recordedSlices(set)),
    `section-${sets.join('+')}-${section.startMs}`,
    { section },
  );

  it('keeps exactly the packets from the key frame at or before the start to the end', async () => {
    const { file, result } = await written;
    const originMs = -result.partStartsMs[0]!;
    const offsets = result.partStartsMs.map((start) => start + originMs);
    const { kept, startMs } = expectedSection(joinedBlocks(sets, offsets), section, video);
    expectKept(file, result, kept, originMs);
    expect(result.section!.startMs).toBe(startMs);
    expect(result.section!.startMs).toBeLessThanOrEqual(section.startMs);
    // The file's 0 is the start Cluster's time: the key frame's, or a few ms before it.
    expect(startMs - originMs).toBeGreaterThanOrEqual(0);
    expect(startMs - originMs).toBeLessThan(40);
    expect(result.section!.endMs).toBeLessThanOrEqual(section.endMs);
    expect(result.durationMs).toBeCloseTo(result.section!.endMs - originMs, 6);
    const duration = /^\| \+ Duration: 00:00:(\d+\.\d+)/m.exec(mkvinfo(file))![1]!;
    expect(Number(duration)).toBeCloseTo(result.durationMs / 1000, 3);
  });
});

describe('a section of a long recording', () => {
  it('references only the slices it needs, of the one part it needs', async () => {
    // 20 parts of small slices, as a recording whose page switched source 19 times.
    const part = reslice(concat(recordedSlices('chromium-webm')), [1000]);
    const parts = Array.from({ length: 20 }, () => part);
    const whole = writeWebmParts(parts.map((slices) => partInput(slices)));
    if ('refusal' in whole) throw new Error(whole.refusal);
    const tenth = whole.partStartsMs[10]!;
    const section = { startMs: tenth + 1600, endMs: tenth + 2000 };
    const inputs = parts.map((slices) => partInput(slices));
    const started = performance.now();
    const result = writeWebmParts(inputs, { section });
    const ms = performance.now() - started;
    if ('refusal' in result) throw new Error(result.refusal);
    const referenced = result.pieces.filter(
      (piece): piece is Exclude<FilePiece, Uint8Array> => !(piece instanceof Uint8Array),
    );
    const slices = new Set(referenced.map((piece) => `${piece.part}/${piece.slice}`));
    const bytes = referenced.reduce((sum, piece) => sum + piece.end - piece.start, 0);
    console.log(
      `section of 400 ms out of ${(whole.durationMs / 1000).toFixed(1)} s (${parts.length * part.length} slices): ` +
        `${slices.size} slices referenced, ${bytes} bytes, ${result.newBytes} new bytes, built in ${ms.toFixed(1)} ms`,
    );
    expect(new Set(referenced.map((piece) => piece.part))).toEqual(new Set([10]));
    expect(slices.size).toBeLessThanOrEqual(Math.ceil(bytes / 1000) + 1);
    expect(bytes).toBeLessThan(concat(part).length / 2);
    const blob = composePieces(result.pieces, parts);
    expect(blob.size).toBe(bytes + result.newBytes);
  });
});

describe('a 10 s section of a 3-hour recording', () => {
  it('references the slices of those seconds only, built in little time', () => {
    const head = partInput(recordedSlices('firefox-webm')).sliceIndexes[0]!.head!;
    const sliceIndexes = threeHourIndexes(head);
    const part = { sliceIndexes, sliceSizes: sliceIndexes.map((index) => index.end - index.start) };
    const timings: number[] = [];
    let result: ReturnType<typeof writeWebmParts> = { refusal: 'not run' };
    // Twice: the first run includes compiling the code.
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      result = writeWebmParts([part], { section: { startMs: 5_400_500, endMs: 5_410_500 } });
      timings.push(performance.now() - started);
    }
    if ('refusal' in result) throw new Error(result.refusal);
    const referenced = result.pieces.filter(
      (piece): piece is Exclude<FilePiece, Uint8Array> => !(piece instanceof Uint8Array),
    );
    const slices = new Set(referenced.map((piece) => piece.slice));
    console.log(
      `10 s of 3 h: ${result.pieces.length} pieces over ${slices.size} of ${THREE_HOURS_OF_SLICES} slices, ` +
        `${result.newBytes} new bytes, built in ${timings.map((ms) => ms.toFixed(0)).join(' then ')} ms`,
    );
    expect(result.section).toEqual({ startMs: 5_400_000, endMs: 5_410_500 });
    expect(result.durationMs).toBe(10_500);
    expect([...slices].sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => 5400 + i));
    expect(result.newBytes).toBeLessThan(2000);
    // From the key frame at 5,400 s to the first frame at or after 5,410.5 s (the 42nd of that second).
    expect(result.packetCounts).toEqual({ 1: 10 * 40 + 21, 2: 10 * 40 + 21 });
  });
});
