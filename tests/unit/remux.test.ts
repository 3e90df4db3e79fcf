/**
 * The remuxer on real slices recorded by Chromium's and Firefox's MediaRecorder
 * (tests/fixtures/recorded): the result declares its duration, has an index, and carries
 * exactly the input's packets. Judged by ffprobe, mkvinfo and our own box walker, not by
 * mediabunny, which wrote it.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BufferTarget } from 'mediabunny';
import { describe, expect, it, vi } from 'vitest';
import { talliedPackets } from '../../src/shared/fragment-tally';
import { countFragmentedMp4Packets } from '../../src/shared/mp4-packet-count';
import { remuxRecording } from '../../src/finishing/remux';
import type { Container } from '../../src/shared/recording-format';
import { hasSeekIndex, probeFile } from '../e2e/support/media-file';
import { RECORDED_FIXTURES, recordedSlices } from './support/recorded-slices';
import { scratchFolder } from './support/scratch';
import { newFragmentTally, tallySlice } from './support/fragment-tally';

const scratch = scratchFolder('remux');

interface Meta {
  mimeType: string;
  recordedMs: number;
  pausedMs?: number;
}

/** Per-stream packet payload hashes, in order, as ffprobe reads them. */
function packetHashes(file: string): Record<string, string[]> {
  const { packets } = JSON.parse(
    execFileSync(
      'ffprobe',
      ['-v', 'error', '-of', 'json', '-show_data_hash', 'md5', '-show_entries', 'packet=codec_type,data_hash', file],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    ),
  ) as { packets: { codec_type: string; data_hash: string }[] };
  const byType: Record<string, string[]> = {};
  for (const packet of packets) (byType[packet.codec_type] ??= []).push(packet.data_hash);
  return byType;
}

const CASES: { set: string; container: Container; extension: string }[] = [
  { set: 'chromium-mp4', container: 'mp4', extension: 'mp4' },
  { set: 'chromium-audio-mp4', container: 'mp4', extension: 'm4a' },
  { set: 'chromium-webm', container: 'webm', extension: 'webm' },
  { set: 'firefox-webm', container: 'webm', extension: 'webm' },
  { set: 'firefox-audio-webm', container: 'webm', extension: 'webm' },
  { set: 'firefox-audio-ogg', container: 'ogg', extension: 'ogg' },
];

describe.each(CASES)('remuxRecording: $set', ({ set, container, extension }) => {
  const meta = JSON.parse(readFileSync(path.join(RECORDED_FIXTURES, set, 'meta.json'), 'utf8')) as Meta;
  const input = path.join(scratch, `${set}-input.${extension}`);
  const output = path.join(scratch, `${set}-output.${extension}`);
  writeFileSync(input, Buffer.concat(recordedSlices(set)));

  it('writes a file with the recorded duration and an index, copying every packet as it was', async () => {
    const target = new BufferTarget();
    const progress: number[] = [];
    const result = await remuxRecording(new Blob(recordedSlices(set), { type: meta.mimeType }), container, target, {
      expectedSeconds: 0.5,
      onProgress: (fraction) => progress.push(fraction),
    });
    writeFileSync(output, new Uint8Array(target.buffer!));

    const probed = probeFile(output);
    const recordedSeconds = (meta.recordedMs - (meta.pausedMs ?? 0)) / 1000;
    expect(probed.containerDuration).toBeDefined();
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.25);
    expect(Math.abs(result.durationSeconds - probed.containerDuration!)).toBeLessThan(0.05);
    if (container !== 'ogg') expect(hasSeekIndex(output)).toBe(true);
    expect(packetHashes(output)).toEqual(packetHashes(input));
    expect(result.packetCount).toBe(Object.values(packetHashes(input)).flat().length);
    expect(progress.at(-1)).toBe(1);
  });
});

describe('remuxRecording with packet counts tallied while recording', () => {
  const recording = () => new Blob(recordedSlices('chromium-mp4'), { type: 'video/mp4' });

  it('writes the same file as when it counts them itself', async () => {
    const tally = recordedSlices('chromium-mp4').reduce(tallySlice, newFragmentTally());
    const counted = new BufferTarget();
    const tallied = new BufferTarget();
    // The muxer stamps the file with the time of day: the same second for both.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-30T12:00:00Z') });
    try {
      await remuxRecording(recording(), 'mp4', counted);
      await remuxRecording(recording(), 'mp4', tallied, { packetCounts: talliedPackets(tally) });
    } finally {
      vi.useRealTimers();
    }
    expect(new Uint8Array(tallied.buffer!)).toEqual(new Uint8Array(counted.buffer!));
  });

  it('throws when the counts fall short (finishing then counts again)', async () => {
    const short = new Map([...(await countFragmentedMp4Packets(recording()))!].map(([track, n]) => [track, n - 1]));
    await expect(remuxRecording(recording(), 'mp4', new BufferTarget(), { packetCounts: short })).rejects.toThrow(
      /maximum packet count/,
    );
  });
});

describe('remuxRecording on a broken recording', () => {
  it('throws rather than writing a bogus file', async () => {
    await expect(remuxRecording(new Blob([new Uint8Array(1000)]), 'webm', new BufferTarget())).rejects.toThrow();
  });
});
