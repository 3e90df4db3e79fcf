import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countFragmentedMp4Packets } from '../../src/shared/mp4-packet-count';
import { recordedSlices } from './support/recorded-slices';
import { scratchFolder } from './support/scratch';

const scratch = scratchFolder('mp4-plain');

const recording = (set: string) => new Blob(recordedSlices(set));

function topLevelBoxes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  for (let offset = 0; offset + 8 <= bytes.length; offset += view.getUint32(offset)) {
    types.push(new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8)));
  }
  return types;
}

describe('countFragmentedMp4Packets', () => {
  it.each(['chromium-mp4', 'chromium-audio-mp4'])('counts what ffprobe counts in %s', async (set) => {
    const blob = recording(set);
    const counts = await countFragmentedMp4Packets(blob);
    // ffprobe reads the concatenated slices from standard input.
    const probed = JSON.parse(
      execFileSync(
        'ffprobe',
        [
          '-v',
          'error',
          '-of',
          'json',
          '-count_packets',
          '-show_entries',
          'stream=index,nb_read_packets',
          '-i',
          'pipe:0',
        ],
        {
          input: Buffer.from(await blob.arrayBuffer()),
          encoding: 'utf8',
        },
      ),
    ) as { streams: { index: number; nb_read_packets: string }[] };
    expect([...counts!.values()].sort((a, b) => a - b)).toEqual(
      probed.streams.map((stream) => Number(stream.nb_read_packets)).sort((a, b) => a - b),
    );
  });

  it('gives the same counts whatever its read window, a moof larger than it included', async () => {
    const blob = recording('chromium-mp4');
    expect(await countFragmentedMp4Packets(blob, 64)).toEqual(await countFragmentedMp4Packets(blob));
  });

  it('reads the stored recording once per fragment, not once per box', async () => {
    const blob = recording('chromium-mp4');
    let reads = 0;
    const counted = new Proxy(blob, {
      get(target, property) {
        if (property === 'slice') return (...args: Parameters<Blob['slice']>) => (reads++, target.slice(...args));
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    expect(await countFragmentedMp4Packets(counted)).toBeDefined();
    const fragments = topLevelBoxes(new Uint8Array(await blob.arrayBuffer())).filter((type) => type === 'moof').length;
    expect(fragments).toBeGreaterThan(2);
    expect(reads).toBeLessThanOrEqual(fragments + 1);
  });

  it('declines files that are not fragmented, or are not MP4 at all', async () => {
    // A plain MP4 as ffmpeg writes it: moov at the end, after the media.
    const plain = path.join(scratch, 'plain.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', plain]);
    expect(await countFragmentedMp4Packets(new Blob([new Uint8Array(readFileSync(plain))]))).toBeUndefined();
    expect(await countFragmentedMp4Packets(recording('firefox-webm'))).toBeUndefined();
    expect(await countFragmentedMp4Packets(new Blob([]))).toBeUndefined();
  });
});
