/**
 * Tables gathered ahead from a recording's first slices (as Stop is pressed) give the very
 * header a gather of every slice at the end gives, and are used only for the records they
 * were gathered from.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherPrefix, writeMp4Header, type Mp4HeaderOptions } from '../../src/shared/mp4-index';
import type { InitTrack } from '../../src/shared/mp4-index/init-segment';
import { prefixOf, type TablePrefix } from '../../src/shared/mp4-index/table-prefix';
import { gatherTrack } from '../../src/shared/mp4-index/track-table';
import { cut, indexAll, joined, type Indexed } from './support/mp4-compose';
import { recordedSlices } from './support/recorded-slices';
import { scratchFolder } from './support/scratch';

const scratch = scratchFolder('mp4-prefix');

/** ffmpeg's fragments with B-frames: composition offsets, which Chromium's files lack. */
function withBFrames(): Uint8Array<ArrayBuffer>[] {
  const file = path.join(scratch, 'b-frames.mp4');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=3:size=160x90:rate=30'],
    ...['-f', 'lavfi', '-i', 'sine=duration=3', '-c:v', 'libx264', '-bf', '2', '-g', '30', '-c:a', 'aac'],
    ...['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '1000000', file],
  ]);
  return cut(new Uint8Array(readFileSync(file)), [5000]);
}

function header({ init, records, state }: Indexed, options: Mp4HeaderOptions): Uint8Array {
  const written = writeMp4Header(init, records, state, options);
  if ('refusal' in written) throw new Error(written.refusal);
  return joined(written.header);
}

const cases: [string, () => Uint8Array[], Mp4HeaderOptions][] = [
  ['chromium-mp4, cut together', () => recordedSlices('chromium-mp4'), { endTogether: true }],
  ['chromium-mp4, cut at 2500 ms', () => recordedSlices('chromium-mp4'), { endAtMs: 2500, endTogether: true }],
  ['sound only', () => recordedSlices('chromium-audio-mp4'), { endTogether: true }],
  ['B-frames', withBFrames, {}],
];

describe('sample tables gathered ahead', () => {
  it.each(cases)('%s: the same header from a prefix of any length', (_name, slices, options) => {
    const indexed = indexAll(slices());
    const expected = header(indexed, options);
    const { length } = indexed.records;
    expect(length).toBeGreaterThan(2);
    for (const count of new Set([1, Math.floor(length / 2), length - 1, length])) {
      const prefix = gatherPrefix(indexed.records.slice(0, count))!;
      expect(prefix.records).toHaveLength(count);
      expect(header(indexed, { ...options, prefix })).toEqual(expected);
    }
  });

  it.each(cases)(
    '%s: the same header from a prefix gathered in steps, each going on from the one before',
    (_name, slices, options) => {
      const indexed = indexAll(slices());
      const expected = header(indexed, options);
      const { length } = indexed.records;
      for (const steps of [
        [1, 2, length - 1],
        [Math.floor(length / 3), Math.floor((2 * length) / 3), length],
      ]) {
        let prefix: TablePrefix | undefined;
        for (const count of steps) {
          const before = prefix;
          prefix = gatherPrefix(indexed.records.slice(0, count), undefined, before)!;
          expect(prefix.records).toHaveLength(count);
          // Each step writes on the buffers of the one before (room was left for it), and
          // keeps the entries it wrote as they were, writing only the new samples' own.
          for (const [id, samples] of before?.tables ?? []) {
            const now = prefix.tables.get(id)!;
            expect(now.sizes.buffer).toBe(samples.sizes.buffer);
            const earlier = samples.ahead?.sizes.chunks ?? [];
            earlier.forEach((chunk, at) => expect(now.ahead!.sizes.chunks[at]).toBe(chunk));
            expect(now.ahead!.sizes.chunks.length - earlier.length).toBe(now.count > samples.count ? 1 : 0);
          }
        }
        expect(header(indexed, { ...options, prefix })).toEqual(expected);
      }
    },
  );

  it('goes on from an earlier prefix only where it was gathered from the same records', () => {
    const indexed = indexAll(recordedSlices('chromium-mp4'));
    const before = gatherPrefix(indexed.records.slice(0, 2))!;
    const readAgain = structuredClone(indexed.records);
    const fresh = gatherPrefix(readAgain, undefined, before)!;
    expect(fresh.records).toEqual(readAgain);
    for (const [id, samples] of before.tables)
      expect(fresh.tables.get(id)!.sizes.buffer).not.toBe(samples.sizes.buffer);
    expect(header({ ...indexed, records: readAgain }, { prefix: fresh })).toEqual(header(indexed, {}));
    // Nothing new: the prefix as it was.
    expect(gatherPrefix(indexed.records.slice(0, 2), undefined, before)).toBe(before);
  });

  it("writes the slices after a prefix in its buffers' room, and copies it where there is none", () => {
    const indexed = indexAll(recordedSlices('chromium-mp4'));
    const expected = header(indexed, { endTogether: true });
    const count = indexed.records.length - 2;
    const roomy = gatherPrefix(indexed.records.slice(0, count))!;
    const cramped = gatherPrefix(indexed.records.slice(0, count), { samples: 0, runs: 0 })!;
    for (const id of roomy.tables.keys()) {
      const track = { id } as InitTrack;
      const own = roomy.tables.get(id)!;
      const inPlace = gatherTrack(track, indexed.records, { slices: count, samples: own });
      expect(inPlace.count).toBeGreaterThan(own.count);
      expect(inPlace.sizes.buffer).toBe(own.sizes.buffer);
      expect(inPlace.chunkOffsets.buffer).toBe(own.chunkOffsets.buffer);
      const copied = gatherTrack(track, indexed.records, { slices: count, samples: cramped.tables.get(id) });
      expect(copied.sizes.buffer).not.toBe(cramped.tables.get(id)!.sizes.buffer);
      expect([...copied.sizes]).toEqual([...inPlace.sizes]);
      expect([...copied.chunkOffsets]).toEqual([...inPlace.chunkOffsets]);
    }
    const again = gatherPrefix(indexed.records.slice(0, count), { samples: 0, runs: 0 })!;
    expect(header(indexed, { endTogether: true, prefix: again })).toEqual(expected);
  });

  it('uses a prefix only for the very records it was gathered from', () => {
    const indexed = indexAll(recordedSlices('chromium-mp4'));
    const expected = header(indexed, {});
    const prefix = gatherPrefix(indexed.records.slice(0, 3))!;
    // What a prefix changes shows in the header: it is used for its own records…
    prefix.tables.forEach((samples) => {
      samples.sizes.fill(7);
      samples.ahead?.sizes.chunks.forEach((chunk) => chunk.fill(7));
    });
    expect(header(indexed, { prefix })).not.toEqual(expected);
    // …and not for the same records read again (other objects), nor for other slices.
    const readAgain = { ...indexed, records: structuredClone(indexed.records) };
    expect(prefixOf(prefix, readAgain.records)).toBe(false);
    expect(header(readAgain, { prefix })).toEqual(expected);
    expect(prefixOf(prefix, indexed.records.slice(0, 2))).toBe(false);
    expect(prefixOf(prefix, indexed.records)).toBe(true);
  });

  it('gathers nothing where a record is missing or the records do not follow on', () => {
    const { records } = indexAll(recordedSlices('chromium-mp4'));
    expect(gatherPrefix([records[0], undefined, records[2]])).toBeUndefined();
    expect(gatherPrefix([records[2]!, records[1]!])).toBeUndefined();
    expect(gatherPrefix([])).toBeUndefined();
  });
});
