/**
 * A recording past 4 GB, without writing 4 GB: a 4 GB `free` box between the init segment
 * and the first fragment (fed to the index as one zero buffer many times, written to disk
 * as a sparse hole) puts every sample beyond 32 bits. ffprobe must still find each packet
 * through the 64-bit `co64` offsets and the 64-bit `mdat` size.
 */

import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeMp4Header } from '../../src/shared/mp4-index';
import { indexAll, joined, packets } from './support/mp4-compose';
import { recordedSlices } from './support/recorded-slices';
import { scratchFolder } from './support/scratch';

const scratch = scratchFolder('mp4-4gb');

const GAP = 2 ** 32 + 12_345;
const ZEROS = new Uint8Array(64 * 2 ** 20);

function freeBoxHeader(size: number): Uint8Array {
  const header = new Uint8Array(16);
  const view = new DataView(header.buffer);
  view.setUint32(0, 1);
  header.set([0x66, 0x72, 0x65, 0x65], 4); // 'free'
  view.setBigUint64(8, BigInt(size));
  return header;
}

/** The zero bytes of the free box's body, as slices that all share one buffer. */
function zeroSlices(length: number): Uint8Array[] {
  const slices: Uint8Array[] = [];
  for (let left = length; left > 0; left -= ZEROS.length) slices.push(ZEROS.subarray(0, Math.min(left, ZEROS.length)));
  return slices;
}

describe('index-only MP4 past 4 GB', () => {
  it('finds every packet through 64-bit offsets', () => {
    const [init, ...fragments] = recordedSlices('chromium-mp4');
    const free = freeBoxHeader(GAP);
    const { state, init: initSegment, records } = indexAll([init!, free, ...zeroSlices(GAP - 16), ...fragments]);
    const result = writeMp4Header(initSegment, records, state);
    if ('refusal' in result) throw new Error(result.refusal);
    expect(result.dataBytes).toBeGreaterThan(2 ** 32);

    const output = path.join(scratch, 'past-4gb.mp4');
    const fd = openSync(output, 'w');
    writeSync(fd, joined(result.header));
    writeSync(fd, init!);
    writeSync(fd, free);
    // The free box's body is left as a hole: the file system stores no zeros.
    writeSync(fd, joined(fragments), 0, undefined, result.headerLength + init!.length + GAP);
    closeSync(fd);

    const input = path.join(scratch, 'input.mp4');
    writeFileSync(input, joined(recordedSlices('chromium-mp4')));
    expect(packets(output)).toEqual(packets(input));
  });
});
