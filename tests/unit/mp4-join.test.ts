/**
 * Parts of one recording joined into one MP4 by its index alone (issue #18), judged by
 * tools that did not write it: ffprobe's packets (payload hashes in order, a timeline that
 * only goes forward), ffmpeg decoding it whole and after a seek into each part, mediabunny
 * reading it back, and a walk of its boxes for the sample entries.
 */

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PiecedFile } from '../../src/shared/file-pieces';
import { writeMp4Parts, type Mp4PartInput } from '../../src/shared/mp4-index';
import { boxesAt, shiftDecodeTimes } from './support/fragment-edit';
import { joined, mediabunnyCounts } from './support/mp4-compose';
import { frameSizeAt, partInput, timedPackets, writePieces, type TimedPacket } from './support/mp4-parts';
import { recordedSlices } from './support/recorded-slices';
import { scratchFolder } from './support/scratch';

const scratch = scratchFolder('mp4-join');
let files = 0;

interface Joined {
  output: string;
  result: PiecedFile;
  /** Each part's own file (its slices concatenated), as recorded. */
  inputs: string[];
}

async function join(sets: string[], inputs?: Mp4PartInput[]): Promise<Joined> {
  const slices = sets.map((set) => recordedSlices(set));
  const result = writeMp4Parts(inputs ?? slices.map((part) => partInput(part)));
  if ('refusal' in result) throw new Error(`refused: ${result.refusal}`);
  const output = path.join(scratch, `joined-${++files}.mp4`);
  await writePieces(output, result, slices);
  const files_ = slices.map((part, index) => {
    const file = path.join(scratch, `part-${files}-${index}.mp4`);
    writeFileSync(file, joined(part));
    return file;
  });
  return { output, result, inputs: files_ };
}

function decodeErrors(file: string): string {
  const { stderr, status } = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-'], {
    encoding: 'utf8',
  });
  return `${status === 0 ? '' : `exit ${status}\n`}${stderr}`.trim();
}

/** Per handler: the stsd's entry count, and the sample entries its chunks name in turn (stsc, repeats folded). */
function sampleEntryUse(file: string): Record<string, { entries: number; indexes: number[] }> {
  const bytes = readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [moov] = boxesAt(bytes.subarray(0, 64 * 1024), ['moov']).length ? boxesAt(bytes, ['moov']) : [];
  const header = bytes.subarray(0, moov!.end);
  const stbl = ['moov', 'trak', 'mdia', 'minf', 'stbl'];
  const handlers = boxesAt(header, ['moov', 'trak', 'mdia', 'hdlr']);
  const stsds = boxesAt(header, [...stbl, 'stsd']);
  const stscs = boxesAt(header, [...stbl, 'stsc']);
  const use: Record<string, { entries: number; indexes: number[] }> = {};
  handlers.forEach((hdlr, track) => {
    const handler = String.fromCharCode(...bytes.subarray(hdlr.body + 8, hdlr.body + 12));
    const stsc = stscs[track]!;
    const rows = view.getUint32(stsc.body + 4);
    const indexes = Array.from({ length: rows }, (_, row) => view.getUint32(stsc.body + 8 + row * 12 + 8));
    const folded = indexes.filter((index, row) => row === 0 || index !== indexes[row - 1]);
    use[handler] = { entries: view.getUint32(stsds[track]!.body + 4), indexes: folded };
  });
  return use;
}

/** Where the sample entry of `type` starts (its size field), past the first stsd (the ftyp names brands too). */
function findType(bytes: Uint8Array, type: string): number {
  const buffer = Buffer.from(bytes);
  const at = buffer.indexOf(type, buffer.indexOf('stsd', 0, 'latin1'), 'latin1');
  if (at < 4) throw new Error(`no ${type}`);
  return at - 4;
}

const hashes = (list: TimedPacket[] = []) => list.map((packet) => packet.data_hash);

/** Every packet of the inputs in order, no more; strictly increasing dts; parts one after another. */
function expectPartsInOrder(joinedFile: Joined): void {
  const out = timedPackets(joinedFile.output);
  const ins = joinedFile.inputs.map(timedPackets);
  for (const type of Object.keys(ins[0]!)) {
    expect(hashes(out[type]), type).toEqual(ins.flatMap((input) => hashes(input[type])));
    const dts = out[type]!.map((packet) => packet.dts);
    dts.slice(1).forEach((time, index) => expect(time, `${type} dts ${index + 1}`).toBeGreaterThan(dts[index]!));
    // Part k's packets lie in [its start, the next part's start): no overlap between parts.
    let at = 0;
    ins.forEach((input, part) => {
      const own = out[type]!.slice(at, (at += input[type]!.length));
      const start = joinedFile.result.partStartsMs[part]! / 1000;
      const next = joinedFile.result.partStartsMs[part + 1];
      expect(own[0]!.dts, `${type} part ${part + 1} start`).toBeGreaterThanOrEqual(start - 0.0005);
      // Each part keeps its own offset between its tracks.
      expect(Math.abs(own[0]!.dts - start - input[type]![0]!.dts), `${type} part ${part + 1} offset`).toBeLessThan(
        0.001,
      );
      if (next !== undefined) expect(own.at(-1)!.dts).toBeLessThan(next / 1000);
    });
  }
}

describe('joining MP4 parts by their index', () => {
  it('joins two parts of one configuration: every packet in order, one sample entry', async () => {
    const file = await join(['chromium-mp4', 'chromium-mp4']);
    expectPartsInOrder(file);
    expect(decodeErrors(file.output)).toBe('');
    expect(file.result.partStartsMs[0]).toBe(0);
    expect(file.result.partStartsMs[1]).toBeGreaterThan(2900);
    expect(file.result.durationMs).toBeGreaterThan(5900);
    expect(sampleEntryUse(file.output)).toEqual({
      soun: { entries: 1, indexes: [1] },
      vide: { entries: 1, indexes: [1] },
    });
    const counts = await mediabunnyCounts(file.output);
    const inputCounts = await mediabunnyCounts(file.inputs[0]!);
    expect(counts).toEqual(inputCounts.map((count) => 2 * count));
    expect(frameSizeAt(file.output, 1.5)).toBe('320x180');
    expect(frameSizeAt(file.output, file.result.partStartsMs[1]! / 1000 + 1.5)).toBe('320x180');
  });

  it('joins parts of two sizes: one sample entry per size, each part decoding at its own size', async () => {
    const file = await join(['chromium-mp4', 'chromium-mp4-640x360', 'chromium-mp4']);
    expectPartsInOrder(file);
    expect(decodeErrors(file.output)).toBe('');
    const use = sampleEntryUse(file.output);
    expect(use.vide!.entries).toBe(2);
    // Part 1 and part 3 share the first entry, part 2 the second.
    expect(use.vide!.indexes).toEqual([1, 2, 1]);
    expect(use.soun!.entries).toBe(1);
    const starts = file.result.partStartsMs.map((ms) => ms / 1000);
    expect([1.5, starts[1]! + 1.5, starts[2]! + 1.5].map((time) => frameSizeAt(file.output, time))).toEqual([
      '320x180',
      '640x360',
      '320x180',
    ]);
    const counts = await mediabunnyCounts(file.output);
    const inputs = await Promise.all(file.inputs.map(mediabunnyCounts));
    expect(counts).toEqual(inputs[0]!.map((_, track) => inputs.reduce((sum, input) => sum + input[track]!, 0)));
    // The largest part's size in the track header.
    const bytes = readFileSync(file.output);
    const [, videoTkhd] = boxesAt(bytes, ['moov', 'trak', 'tkhd']);
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(videoTkhd!.end - 8) / 65536).toBe(640);
  });

  it('joins audio-only parts', async () => {
    const file = await join(['chromium-audio-mp4', 'chromium-audio-mp4']);
    expectPartsInOrder(file);
    expect(decodeErrors(file.output)).toBe('');
    expect(sampleEntryUse(file.output)).toEqual({ soun: { entries: 1, indexes: [1] } });
  });

  it("keeps each part's own offset between sound and picture", async () => {
    // Part 2's sound starts 200 ms after its picture (9600 ticks of 48 kHz).
    const late = [shiftDecodeTimes(joined(recordedSlices('chromium-mp4')), (id) => (id === 1 ? 9600 : 0))];
    const file = path.join(scratch, `late-${++files}.mp4`);
    writeFileSync(file, late[0]!);
    const first = recordedSlices('chromium-mp4');
    const result = writeMp4Parts([partInput(first), partInput(late)]);
    if ('refusal' in result) throw new Error(result.refusal);
    const output = path.join(scratch, `joined-${files}.mp4`);
    await writePieces(output, result, [first, late]);
    const firstFile = path.join(scratch, `first-${files}.mp4`);
    writeFileSync(firstFile, joined(first));
    expectPartsInOrder({ output, result, inputs: [firstFile, file] });
    expect(decodeErrors(output)).toBe('');
  });

  it('starts each part where the previous one ends after its own end cut', async () => {
    const slices = ['chromium-mp4', 'chromium-mp4'].map((set) => recordedSlices(set));
    const inputs = [partInput(slices[0]!, { endAtMs: 2000 }), partInput(slices[1]!, { endTogether: true })];
    const file = await join(['chromium-mp4', 'chromium-mp4'], inputs);
    // At the cut, or just after: a frame cut short still decodes whole, so the next part waits for its end.
    const second = file.result.partStartsMs[1]! / 1000;
    expect(second).toBeGreaterThanOrEqual(2);
    expect(second).toBeLessThan(2.07);
    const out = timedPackets(file.output);
    const first = timedPackets(file.inputs[0]!);
    const kept = first.video!.filter((packet) => packet.dts < 2).length;
    expect(hashes(out.video!.slice(0, kept))).toEqual(hashes(first.video!.slice(0, kept)));
    expect(out.video![kept]!.dts).toBeCloseTo(second, 3);
    expect(decodeErrors(file.output)).toBe('');
  });

  it('refuses parts that cannot share a file, and says why', () => {
    const audio = partInput(recordedSlices('chromium-audio-mp4'));
    const video = partInput(recordedSlices('chromium-mp4'));
    const result = writeMp4Parts([audio, video]);
    expect(result).toEqual({ refusal: 'part 2 has video and audio, part 1 has audio', cannotShare: true });
  });

  it('refuses parts of another codec or another sound layout as parts that cannot share a file', () => {
    const first = partInput(recordedSlices('chromium-mp4'));
    const edited = (edit: (init: Uint8Array, view: DataView) => void): Mp4PartInput => {
      const init = new Uint8Array(first.init!);
      edit(init, new DataView(init.buffer));
      return { ...first, init };
    };
    const avc3 = edited((init) => init.set([0x61, 0x76, 0x63, 0x33], findType(init, 'avc1') + 4));
    expect(writeMp4Parts([first, avc3])).toEqual({
      refusal: "part 2's video is avc3, part 1's is avc1",
      cannotShare: true,
    });
    // The Opus entry's channel count (8 bytes after its reserved fields).
    const stereo = edited((init, view) => view.setUint16(findType(init, 'Opus') + 8 + 16, 2));
    expect(writeMp4Parts([first, stereo])).toEqual({
      refusal: "part 2's audio has 2 channel(s) at 48000 Hz, part 1's 1 channel(s) at 48000 Hz",
      cannotShare: true,
    });
  });

  it('refuses, for the remux to do, a part without an index or an init segment', () => {
    const video = partInput(recordedSlices('chromium-mp4'));
    expect(writeMp4Parts([video, { ...video, state: undefined }])).toEqual({
      refusal: 'part 2: no index was kept while recording',
    });
    expect(writeMp4Parts([{ ...video, init: undefined }, video])).toEqual({
      refusal: 'part 1: no init segment was recorded',
    });
    expect(writeMp4Parts([video, { ...video, sliceSizes: video.sliceSizes.map((size) => size + 1) }])).toEqual({
      refusal: `part 2: the index covers ${video.state!.position} of ${video.state!.position + 3} bytes`,
    });
    const missing = [...video.sliceSamples];
    missing[1] = undefined;
    expect(writeMp4Parts([video, { ...video, sliceSamples: missing }])).toEqual({
      refusal: "part 2: a slice's record is missing",
    });
  });

  it('writes a single whole part as the plain header and its slices', () => {
    const slices = recordedSlices('chromium-mp4');
    const result = writeMp4Parts([partInput(slices)]);
    if ('refusal' in result) throw new Error(result.refusal);
    expect(result.pieces.slice(1)).toEqual(
      slices.map((slice, index) => ({ part: 0, slice: index, start: 0, end: slice.length })),
    );
    expect(result.partStartsMs).toEqual([0]);
    expect(result.section).toBeUndefined();
  });
});
