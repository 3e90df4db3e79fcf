/**
 * The long bench's slicer (scripts/bench-long/slicer.ts) cuts what ffmpeg writes into the
 * slices each browser's MediaRecorder hands over: Chromium's init segment then one
 * fragment a slice, Firefox's head with its first Cluster then one unknown-size Cluster a
 * slice. Checked on short clips ffmpeg makes, and by ffprobe reading every packet back.
 */

import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { sliceRecording } from '../../scripts/bench-long/slicer';
import { scratchFolder } from './support/scratch';

const dir = scratchFolder('bench-long-slicer');

const SOURCES = [
  ...['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440'],
  ...['-t', '4', '-c:a', 'libopus', '-g', '30'],
];
const OUTPUT = {
  mp4: ['-c:v', 'libx264', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'],
  webm: ['-c:v', 'libvpx', '-cluster_time_limit', '1000', '-cluster_size_limit', '100000000', '-f', 'webm'],
};

async function sliced(container: 'mp4' | 'webm') {
  const ffmpeg = spawn('ffmpeg', ['-v', 'error', ...SOURCES, ...OUTPUT[container], 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const file = path.join(dir, `sliced.${container}`);
  const { sizes } = await sliceRecording(container, ffmpeg.stdout, file);
  const bytes = readFileSync(file);
  const slices: Buffer[] = [];
  for (let at = 0, i = 0; i < sizes.length; at += sizes[i++]!) slices.push(bytes.subarray(at, at + sizes[i]!));
  const packets = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts', '-of', 'csv=p=0', file], {
    encoding: 'utf8',
  });
  return { slices, packets: packets.trim().split('\n').length };
}

it('cuts an MP4 into its init segment, then one moof + mdat a slice', async () => {
  const { slices, packets } = await sliced('mp4');
  expect(slices.length).toBeGreaterThanOrEqual(4);
  expect(slices[0]!.toString('latin1', 4, 8)).toBe('ftyp');
  expect(slices[0]!.includes(Buffer.from('moof'))).toBe(false);
  for (const slice of slices.slice(1)) expect(slice.toString('latin1', 4, 8)).toBe('moof');
  // 4 s of picture at 30 fps, and 4 s of Opus in 20 ms packets.
  expect(packets).toBeGreaterThanOrEqual(120 + 195);
});

it('cuts a WebM as Firefox writes it: head and first Cluster, then one unknown-size Cluster a slice', async () => {
  const { slices, packets } = await sliced('webm');
  const unknownCluster = Buffer.from([0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  expect(slices.length).toBeGreaterThanOrEqual(3);
  expect(slices[0]!.readUInt32BE(0)).toBe(0x1a45dfa3);
  expect(slices[0]!.includes(Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff]))).toBe(true);
  expect(slices[0]!.includes(unknownCluster)).toBe(true);
  for (const slice of slices.slice(1)) expect(slice.subarray(0, 12)).toEqual(unknownCluster);
  expect(packets).toBeGreaterThanOrEqual(120 + 195);
});
