/**
 * The single-part header must stay byte for byte what index-only finishing wrote before
 * parts could be joined (issue #18): plain recordings change in nothing. The hashes are of
 * headers written by that earlier writer, on the recorded fixtures and their variants.
 */

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeMp4Parts, type Mp4HeaderOptions } from '../../src/shared/mp4-index';
import { duplicateSampleEntry, setDefaultDescription, shiftDecodeTimes } from './support/fragment-edit';
import { cut, headerFor, joined } from './support/mp4-compose';
import { partInput } from './support/mp4-parts';
import { recordedSlices } from './support/recorded-slices';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

const cases: [string, () => Uint8Array[], Mp4HeaderOptions][] = [
  ['chromium-mp4', () => recordedSlices('chromium-mp4'), {}],
  ['chromium-mp4 end 2500', () => recordedSlices('chromium-mp4'), { endAtMs: 2500 }],
  ['chromium-mp4 together', () => recordedSlices('chromium-mp4'), { endAtMs: 2500, endTogether: true }],
  ['chromium-mp4 end together', () => recordedSlices('chromium-mp4'), { endTogether: true }],
  ['640x360', () => recordedSlices('chromium-mp4-640x360'), { endTogether: true }],
  ['audio', () => recordedSlices('chromium-audio-mp4'), { endTogether: true }],
  ['audio end 1000', () => recordedSlices('chromium-audio-mp4'), { endAtMs: 1000 }],
  [
    'late start',
    () => [shiftDecodeTimes(joined(recordedSlices('chromium-mp4')), (id) => (id === 1 ? 489_600 : 300_000))],
    {},
  ],
  [
    'pause gap',
    () =>
      cut(
        shiftDecodeTimes(joined(recordedSlices('chromium-mp4')), (id, n) =>
          n >= 1 ? 2 * (id === 1 ? 48_000 : 30_000) : 0,
        ),
        [40_000],
      ),
    { endTogether: true },
  ],
  [
    'second entry',
    () => [setDefaultDescription(duplicateSampleEntry(joined(recordedSlices('chromium-mp4')), 2), 2, 2)],
    {},
  ],
];

const GOLDEN = {
  '640x360': '8d3ac011a8f410ba',
  audio: '9041e20086a6ecd2',
  'audio end 1000': 'f82c03dbea62f56e',
  'chromium-mp4': 'f7d255ecc26994d1',
  'chromium-mp4 end 2500': 'cae9dcc6d8ace238',
  'chromium-mp4 end together': '4754452e3090c627',
  'chromium-mp4 together': 'cae9dcc6d8ace238',
  'late start': '88c4b81055dcd94c',
  'pause gap': '144a250962edda25',
  'second entry': 'a77035b90a77f4df',
};

describe('single-part MP4 header', () => {
  it('is the bytes the earlier writer gave', () => {
    const hashes = Object.fromEntries(
      cases.map(([name, slices, options]) => {
        const result = headerFor(slices(), options);
        return [name, 'refusal' in result ? result.refusal : sha(joined(result.header))];
      }),
    );
    expect(hashes).toEqual(GOLDEN);
  });

  it('is the same from writeMp4Parts for one whole part, followed by every stored slice whole', () => {
    const hashes = Object.fromEntries(
      cases.map(([name, slices, options]) => {
        const stored = slices();
        const result = writeMp4Parts([partInput(stored, options)]);
        if ('refusal' in result) return [name, result.refusal];
        const [header, ...rest] = result.pieces;
        expect(rest, name).toEqual(
          stored.map((slice, index) => ({ part: 0, slice: index, start: 0, end: slice.length })),
        );
        return [name, sha(header as Uint8Array)];
      }),
    );
    expect(hashes).toEqual(GOLDEN);
  });
});
