/**
 * A section of a recording (or of parts joined) cut by its index alone (issue #18): it
 * starts on the video key frame at or before the asked start, with the sound from that same
 * moment, ends exactly where asked, starts at 0, and holds only the stored bytes it needs.
 */

import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import type { PiecedFile, SectionRange } from '../../src/shared/file-pieces';
import { writeMp4Parts } from '../../src/shared/mp4-index';
import { boxesAt } from './support/fragment-edit';
import { joined } from './support/mp4-compose';
import { frameSizeAt, partInput, timedPackets, writePieces, type TimedPacket } from './support/mp4-parts';
import { recordedSlices } from './support/recorded-slices';
import { scratchFolder } from './support/scratch';

const scratch = scratchFolder('mp4-section');
let files = 0;

async function write(sets: string[], section?: SectionRange): Promise<{ file: string; result: PiecedFile }> {
  const slices = sets.map((set) => recordedSlices(set));
  const result = writeMp4Parts(
    slices.map((part) => partInput(part)),
    section ? { section } : {},
  );
  if ('refusal' in result) throw new Error(`refused: ${result.refusal}`);
  const file = path.join(scratch, `file-${++files}.mp4`);
  await writePieces(file, result, slices);
  return { file, result };
}

function decodeErrors(file: string): string {
  const { stderr, status } = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-'], {
    encoding: 'utf8',
  });
  return `${status === 0 ? '' : `exit ${status}\n`}${stderr}`.trim();
}

/** The packets of `whole` from `start` to `end` (s), moved to start at 0. */
function between(whole: Record<string, TimedPacket[]>, start: number, end: number): Record<string, TimedPacket[]> {
  return Object.fromEntries(
    Object.entries(whole).map(([type, list]) => [
      type,
      list
        .filter((packet) => packet.dts >= start - 1e-4 && packet.dts < end - 1e-4)
        .map((packet) => ({ ...packet, dts: packet.dts - start })),
    ]),
  );
}

/** The same packets (payload hashes) in order, at the same times (to a tenth of a millisecond). */
function expectSamePackets(actual: Record<string, TimedPacket[]>, expected: Record<string, TimedPacket[]>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [type, list] of Object.entries(expected)) {
    expect(
      actual[type]!.map((packet) => packet.data_hash),
      type,
    ).toEqual(list.map((packet) => packet.data_hash));
    // A track starting after the key frame is delayed by an edit list, in the movie's milliseconds.
    actual[type]!.forEach((packet, index) => expect(packet.dts).toBeCloseTo(list[index]!.dts, 3));
  }
}

const storedBytes = (result: PiecedFile) =>
  result.pieces.reduce((sum, piece) => sum + (piece instanceof Uint8Array ? 0 : piece.end - piece.start), 0);

async function mediabunnyDuration(file: string): Promise<number> {
  const input = new Input({ source: new BlobSource(new Blob([readFileSync(file)])), formats: ALL_FORMATS });
  return input.computeDuration();
}

describe('a section of an MP4 by its index', () => {
  it('starts on the key frame at or before the start, ends exactly at the end, from 0', async () => {
    const whole = await write(['chromium-mp4']);
    const { file, result } = await write(['chromium-mp4'], { startMs: 1200, endMs: 2500 });
    const wholePackets = timedPackets(whole.file);
    const keyFrame = wholePackets.video!.filter((packet) => packet.flags.startsWith('K') && packet.dts <= 1.2).at(-1)!;
    expect(result.section!.startMs).toBeCloseTo(keyFrame.dts * 1000, 1);
    expect(result.section!.endMs).toBeCloseTo(2500, 0);
    expect(result.durationMs).toBeCloseTo(2500 - keyFrame.dts * 1000, 0);
    const packets = timedPackets(file);
    expectSamePackets(packets, between(wholePackets, keyFrame.dts, 2.5));
    expect(packets.video![0]!.flags).toMatch(/^K/);
    expect(packets.video![0]!.dts).toBe(0);
    expect(decodeErrors(file)).toBe('');
    expect(await mediabunnyDuration(file)).toBeCloseTo(result.durationMs / 1000, 1);
    // The init segment (slice 0) and the samples before the key frame are not referenced.
    expect(result.pieces.some((piece) => !(piece instanceof Uint8Array) && piece.slice === 0)).toBe(false);
    expect(statSync(file).size).toBeLessThan(statSync(whole.file).size);
  });

  it('cuts a sound-only recording at the packet at or before the start', async () => {
    const whole = timedPackets((await write(['chromium-audio-mp4'])).file);
    const { file, result } = await write(['chromium-audio-mp4'], { startMs: 1000, endMs: 2000 });
    const first = whole.audio!.filter((packet) => packet.dts <= 1).at(-1)!;
    expect(result.section!.startMs).toBeCloseTo(first.dts * 1000, 1);
    expectSamePackets(timedPackets(file), between(whole, first.dts, 2));
    expect(decodeErrors(file)).toBe('');
  });

  it('crosses from one part to the next, each at its own size', async () => {
    const sets = ['chromium-mp4', 'chromium-mp4-640x360'];
    const whole = await write(sets);
    const boundary = whole.result.partStartsMs[1]!;
    const { file, result } = await write(sets, { startMs: boundary - 500, endMs: boundary + 1500 });
    const wholePackets = timedPackets(whole.file);
    const start = result.section!.startMs / 1000;
    const keyFrame = wholePackets.video!.filter((packet) => packet.flags.startsWith('K') && packet.dts <= start + 1e-4);
    expect(keyFrame.at(-1)!.dts).toBeCloseTo(start, 4);
    expect(start).toBeLessThanOrEqual(boundary / 1000 - 0.5);
    expectSamePackets(timedPackets(file), between(wholePackets, start, boundary / 1000 + 1.5));
    expect(result.partStartsMs[0]).toBe(0);
    expect(result.partStartsMs[1]).toBeCloseTo(boundary - start * 1000, 3);
    expect(decodeErrors(file)).toBe('');
    expect(frameSizeAt(file, 0.1)).toBe('320x180');
    expect(frameSizeAt(file, result.partStartsMs[1]! / 1000 + 0.1)).toBe('640x360');
    expect(new Set(result.pieces.flatMap((piece) => (piece instanceof Uint8Array ? [] : [piece.part])))).toEqual(
      new Set([0, 1]),
    );
  });

  it('refers only to the slices it needs: a section inside the middle part', async () => {
    const sets = ['chromium-mp4', 'chromium-mp4-640x360', 'chromium-mp4'];
    const whole = await write(sets);
    const [, second] = whole.result.partStartsMs;
    const { file, result } = await write(sets, { startMs: second! + 1100, endMs: second! + 1900 });
    const stored = result.pieces.flatMap((piece) => (piece instanceof Uint8Array ? [] : [piece]));
    expect(stored.every((piece) => piece.part === 1 && piece.slice > 0)).toBe(true);
    // Of the 3 parts' stored bytes, less than the middle part's: its first fragment and the others are left out.
    expect(storedBytes(result)).toBeLessThan(joined(recordedSlices(sets[1]!)).length - 60_000);
    expect(storedBytes(result)).toBeLessThan(storedBytes(whole.result) / 3);
    expect(frameSizeAt(file, 0.1)).toBe('640x360');
    expect(decodeErrors(file)).toBe('');
    const bytes = readFileSync(file);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const header = bytes.subarray(0, boxesAt(bytes, ['moov'])[0]!.end);
    const stsds = boxesAt(header, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd']);
    // Only the middle part's picture entry, and its size in the track header.
    expect(stsds.map((stsd) => view.getUint32(stsd.body + 4))).toEqual([1, 1]);
    const [, tkhd] = boxesAt(header, ['moov', 'trak', 'tkhd']);
    expect(view.getUint32(tkhd!.end - 8) / 65536).toBe(640);
  });

  it('keeps the whole file when the section covers it', async () => {
    const whole = await write(['chromium-mp4']);
    const { file, result } = await write(['chromium-mp4'], { startMs: 0, endMs: 60_000 });
    expectSamePackets(timedPackets(file), timedPackets(whole.file));
    expect(result.section).toEqual({ startMs: 0, endMs: whole.result.durationMs });
  });

  it('refuses an empty section, or one past the end', () => {
    const part = partInput(recordedSlices('chromium-mp4'));
    expect(writeMp4Parts([part], { section: { startMs: 2000, endMs: 2000 } })).toEqual({
      refusal: 'the section is empty',
    });
    expect(writeMp4Parts([part], { section: { startMs: 50_000, endMs: 60_000 } })).toEqual({
      refusal: 'the section starts after the end',
    });
  });
});
