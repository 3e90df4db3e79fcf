/**
 * The WebM index's choices: ending the file at a moment, timestamps not starting at 0,
 * Clusters of known size (a finished file finished again), and what it refuses (the
 * caller then remuxes with mediabunny).
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAt, decodeWholeFile } from '../e2e/support/media-file';
import { recordedSlices } from './support/recorded-slices';
import {
  finishWebmFromIndexes,
  concat,
  declared,
  finishToFile,
  indexSlices,
  mkvBlocks,
  mkvinfo,
  packets,
  readWithMediabunny,
  reslice,
  writeInput,
} from './support/webm-index-files';
import { asBlockGroups, shiftedTimes } from './support/webm-rewrites';

const refusal = (slices: Uint8Array[]) => {
  const finish = finishWebmFromIndexes(indexSlices(slices).indexes);
  return 'refused' in finish ? finish.refused : 'not refused';
};

describe.each(['firefox-webm', 'chromium-webm', 'firefox-audio-webm'])('WebM index of %s ended at a moment', (set) => {
  const slices = recordedSlices(set);
  const input = writeInput(slices, `${set}-end`);
  const inputPackets = packets(input);
  const blocks = mkvBlocks(input);

  it.each([2000, 1234, 2990])('leaves out every frame from %i ms on and says so in its Duration', async (endAtMs) => {
    const { file, finish } = await finishToFile(slices, `${set}-end-${endAtMs}`, { endAtMs });
    const kept = blocks.findIndex((block) => block.ms >= endAtMs);
    expect(packets(file)).toEqual(inputPackets.slice(0, kept));
    expect(finish.durationMs).toBe(endAtMs);
    expect(declared(file).duration).toBeCloseTo(endAtMs / 1000, 3);
    expect(finish.note).toBeUndefined();
    decodeWholeFile(file);
  });

  it('ends where the recording ends when the moment comes after it', async () => {
    const { finish: natural } = await finishToFile(slices, `${set}-natural`);
    const { file, finish } = await finishToFile(slices, `${set}-late`, { endAtMs: 60_000 });
    expect(finish.durationMs).toBe(natural.durationMs);
    expect(packets(file)).toEqual(inputPackets);
  });
});

describe.each(['firefox-webm', 'chromium-webm'])('WebM index of %s with timestamps from 1 hour on', (set) => {
  const whole = concat(recordedSlices(set));
  const original = writeInput([whole], `${set}-unshifted`);
  const shifted = shiftedTimes(whole, original, 3_600_000);
  const input = writeInput([shifted], `${set}-shifted`);

  it('keeps the times, with Duration and Cues on the same timeline', async () => {
    const { file, finish } = await finishToFile(reslice(shifted, [40000]), `${set}-shifted`);
    const { finish: unshifted } = await finishToFile(reslice(whole, [40000]), `${set}-unshifted`);
    expect(packets(file)).toEqual(packets(input));
    expect(finish.durationMs).toBe(unshifted.durationMs + 3_600_000);
    expect(declared(file).start).toBeGreaterThan(3599.9);
    expect(mkvinfo(file)).toMatch(/Cue time: 01:00:0/);
    // ffmpeg's -ss counts from the file's start time.
    expect(decodeAt(file, 2.7, 'video')).toBeGreaterThan(0);
  });

  it('ends at a moment on that timeline', async () => {
    const { file } = await finishToFile(reslice(shifted, [40000]), `${set}-shifted-end`, { endAtMs: 3_602_000 });
    expect(declared(file).duration).toBeCloseTo(3602, 3);
    expect(Math.max(...packets(file).map((p) => p.pts))).toBeLessThan(3602);
  });
});

describe('WebM index of Clusters with known sizes (a finished file, finished again)', () => {
  const slices = recordedSlices('chromium-webm');

  it('writes the same file again', async () => {
    const { file } = await finishToFile(slices, 'sized-once');
    const once = new Uint8Array(readFileSync(file));
    const { file: again } = await finishToFile(reslice(once, [999, 7]), 'sized-twice');
    expect(Buffer.from(readFileSync(again)).equals(Buffer.from(once))).toBe(true);
  });

  it('ends between Clusters, keeps their frames and says so, when asked to end inside one', async () => {
    const once = new Uint8Array(readFileSync((await finishToFile(slices, 'sized-end')).file));
    const { file, finish } = await finishToFile(reslice(once, [5000]), 'sized-ended', { endAtMs: 2000 });
    expect(finish.note).toMatch(/frames past the Duration/);
    expect(finish.durationMs).toBe(2000);
    const all = packets(writeInput([once], 'sized-in'));
    const kept = packets(file);
    expect(kept).toEqual(all.slice(0, kept.length));
    expect(kept.filter((p) => p.pts < 2)).toEqual(all.filter((p) => p.pts < 2));
    expect(kept.some((p) => p.pts >= 2)).toBe(true);
    decodeWholeFile(file);
  });

  it('drops a Cluster a crash cut, ending at the Cluster before it', async () => {
    const once = new Uint8Array(readFileSync((await finishToFile(slices, 'sized-crash')).file));
    const { file } = await finishToFile([once.slice(0, once.length - 1000)], 'sized-crashed');
    const all = packets(writeInput([once], 'sized-whole'));
    const kept = packets(file);
    expect(kept).toEqual(all.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(all.length / 2);
    decodeWholeFile(file);
  });
});

describe('WebM index refusals', () => {
  const whole = concat(recordedSlices('firefox-webm'));

  it('refuses what is not WebM', () => {
    expect(refusal(recordedSlices('chromium-mp4'))).toBe('not WebM');
    expect(refusal(recordedSlices('firefox-audio-ogg'))).toBe('not WebM');
    expect(refusal([new Uint8Array(1000)])).toBe('not WebM');
  });

  it('refuses to end before the first frame', () => {
    const { indexes } = indexSlices(recordedSlices('firefox-audio-webm'));
    expect(finishWebmFromIndexes(indexes, { endAtMs: 5 })).toEqual({ refused: 'no whole frame before the end' });
  });

  it('refuses a missing slice', () => {
    const { indexes } = indexSlices(reslice(whole, [30000]));
    const finish = finishWebmFromIndexes([...indexes.slice(0, 2), ...indexes.slice(3)]);
    expect(finish).toEqual({ refused: 'a slice is missing before byte 90000' });
  });

  it('refuses damage where an element should start', () => {
    const damaged = whole.slice();
    damaged[55531] = 0; // The second Cluster's ID.
    expect(refusal([damaged])).toBe('damaged at byte 55531');
  });

  it('refuses an element larger than its parent, and one too large to read', () => {
    const tracks = whole.slice();
    tracks.set([0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x9f], 156); // Tracks' size: 149 -> 159, into the Cluster.
    expect(refusal([tracks])).toMatch(/damaged Tracks|larger than its parent/);
    const info = whole.slice();
    info.set([0x01, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00], 71); // Info's size: 2 MB.
    expect(refusal([info])).toBe('an element too large to read at byte 67');
  });

  it('refuses a Cluster inside a known Cluster size that it exceeds', async () => {
    const once = new Uint8Array(readFileSync((await finishToFile(recordedSlices('chromium-webm'), 'sized-bad')).file));
    const firstCluster = Buffer.from(once).indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
    const bad = once.slice();
    bad[firstCluster + 11] = (bad[firstCluster + 11]! - 100) & 255; // Shrink its size under its last block.
    expect(refusal([bad])).toMatch(/larger than its parent|unexpected element|damaged/);
  });
});

describe('WebM index read back by mediabunny after a cut', () => {
  it('has the packets before the moment', async () => {
    const slices = recordedSlices('firefox-webm');
    const { file } = await finishToFile(slices, 'mb-end', { endAtMs: 2000 });
    const read = await readWithMediabunny(file);
    const expected: Record<string, number> = {};
    for (const p of packets(file)) expected[p.type] = (expected[p.type] ?? 0) + 1;
    expect(read.counts).toEqual(expected);
    expect(read.declared).toBeCloseTo(2, 3);
  });
});

describe('WebM index of frames in BlockGroups', () => {
  const whole = concat(recordedSlices('chromium-webm'));
  const grouped = asBlockGroups(whole, writeInput([whole], 'simple-blocks'));
  const input = writeInput([grouped], 'block-groups');

  it('finds the same frames, key frames and end', async () => {
    const { file, finish } = await finishToFile(reslice(grouped, [7000, 5]), 'block-groups');
    const { finish: simple } = await finishToFile(reslice(whole, [7000]), 'simple-blocks-finished');
    expect(mkvinfo(input)).toMatch(/Block group/);
    expect(packets(file)).toEqual(packets(input));
    expect(finish.cueCount).toBe(simple.cueCount);
    expect(finish.durationMs).toBe(simple.durationMs);
    decodeWholeFile(file);
  });

  it('ends at a moment between groups', async () => {
    const { file } = await finishToFile(reslice(grouped, [7000]), 'block-groups-end', { endAtMs: 2000 });
    const blocks = mkvBlocks(input);
    expect(packets(file)).toEqual(
      packets(input).slice(
        0,
        blocks.findIndex((block) => block.ms >= 2000),
      ),
    );
  });
});

describe('WebM index refusals of unknown sizes', () => {
  it('refuses a block of unknown size', () => {
    const whole = concat(recordedSlices('firefox-webm'));
    const broken = whole.slice();
    broken.set([0x7f, 0xff], 329); // The first SimpleBlock's 2-byte size (at 328 + its ID).
    expect(refusal([broken])).toBe('an element of unknown size at byte 328');
  });
});
