import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { talliedPackets, type FragmentTally } from '../../src/shared/fragment-tally';
import { countFragmentedMp4Packets } from '../../src/shared/mp4-packet-count';
import { recordedSlices } from './support/recorded-slices';
import { scratchFolder } from './support/scratch';
import { newFragmentTally, tallySlice } from './support/fragment-tally';

const scratch = scratchFolder('tally');

function joined(slices: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(slices));
}

function cut(bytes: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
  return pieces;
}

/** Tallies slice after slice, the tally stored and read back in between as the background does. */
function tallyAll(slices: Uint8Array[]): FragmentTally {
  return slices.reduce((tally, slice) => structuredClone(tallySlice(tally, slice)), newFragmentTally());
}

describe('fragment tally', () => {
  it.each(['chromium-mp4', 'chromium-audio-mp4'])(
    'counts the packets of %s as the reading pass does, however the bytes are sliced',
    async (set) => {
      const slices = recordedSlices(set);
      const expected = await countFragmentedMp4Packets(new Blob(slices));
      expect(expected?.size).toBeGreaterThan(0);
      expect(talliedPackets(tallyAll(slices))).toEqual(expected);
      const bytes = joined(slices);
      // Cuts inside box headers (1, 3, 7 and 13 bytes), inside moofs and across several boxes.
      for (const size of [1, 3, 7, 13, 100, 4096, 65_536, bytes.length]) {
        expect(talliedPackets(tallyAll(cut(bytes, size))), `slices of ${size} bytes`).toEqual(expected);
      }
    },
  );

  it('gives no count for a recording cut inside a box, so the reading pass counts instead', () => {
    const bytes = joined(recordedSlices('chromium-mp4'));
    expect(talliedPackets(tallyAll([bytes.subarray(0, bytes.length - 10)]))).toBeUndefined();
    expect(talliedPackets(undefined)).toBeUndefined();
  });

  it('gives no count for what is not a fragmented MP4', () => {
    const plain = path.join(scratch, 'plain.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', plain]);
    expect(talliedPackets(tallyAll([new Uint8Array(readFileSync(plain))]))).toBeUndefined();
    expect(talliedPackets(tallyAll(recordedSlices('chromium-webm')))).toBeUndefined();
    expect(talliedPackets(tallyAll([new Uint8Array([0, 0, 0, 2, 0x6d, 0x6f, 0x6f, 0x66])]))).toBeUndefined();
  });
});
