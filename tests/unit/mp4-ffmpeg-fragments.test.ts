/**
 * The index on fragmented MP4 written by another muxer (ffmpeg), for what Chromium's files
 * do not exercise: B-frames (composition offsets, so a `ctts`), `tfhd` defaults for size
 * and duration, and both ways of placing data (default-base-is-moof, and absolute base
 * data offsets). The composed file must carry the input's packets exactly.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWholeFile } from '../e2e/support/media-file';
import { boxesAt } from './support/fragment-edit';
import { composeFile, cut, packets } from './support/mp4-compose';
import { scratchFolder } from './support/scratch';

const scratch = scratchFolder('mp4-ffmpeg');

function fragmented(name: string, flags: string): string {
  const file = path.join(scratch, `${name}.mp4`);
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=3:size=160x90:rate=30'],
    ...['-f', 'lavfi', '-i', 'sine=duration=3', '-c:v', 'libx264', '-bf', '2', '-g', '30', '-c:a', 'aac'],
    ...['-movflags', flags, '-frag_duration', '1000000', file],
  ]);
  return file;
}

describe.each([
  ['default-base-is-moof', 'frag_keyframe+empty_moov+default_base_moof'],
  ['absolute base data offsets', 'frag_keyframe+empty_moov'],
])('index-only MP4 from ffmpeg fragments (%s)', (name, flags) => {
  it('carries every packet with its times, B-frames included', async () => {
    const input = fragmented(name.replace(/\W+/g, '-'), flags);
    const output = `${input}.composed.mp4`;
    const result = await composeFile(cut(new Uint8Array(readFileSync(input)), [5000]), output);
    if ('refusal' in result) throw new Error(result.refusal);
    expect(packets(output)).toEqual(packets(input));
    expect(boxesAt(readFileSync(output), ['moov', 'trak', 'mdia', 'minf', 'stbl', 'ctts'])).toHaveLength(1);
    decodeWholeFile(output);
  });
});
