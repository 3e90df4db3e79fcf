/**
 * Checks of a section saved from the library (issue #18): cut without re-encoding, it
 * starts on the key frame at or before the asked start and ends at the asked end; ffprobe
 * reads its packets cleanly, and the browser plays it, seeks in it and shows a frame there.
 */

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import { expectSeekableRecording } from './expect-recording';
import type { TestOrigins } from './server';

/** The video's key frames, in seconds from the file's first packet. */
export function keyFrameTimes(file: string): number[] {
  const result = spawnSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const packets = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((row) => row.split(','))
    .map(([time, flags]) => ({ time: Number(time), key: (flags ?? '').includes('K') }));
  const first = Math.min(...packets.map((packet) => packet.time));
  return packets
    .filter((packet) => packet.key)
    .map((packet) => packet.time - first)
    .sort((a, b) => a - b);
}

/** ffprobe reads every packet of the file without a complaint. */
export function expectCleanPackets(file: string): void {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_packets', '-of', 'compact', file], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  expect(result.status, 'ffprobe exit status').toBe(0);
  expect(result.stderr.trim(), 'ffprobe complaints reading the packets').toBe('');
}

/** How much of a frame of the player, drawn into a canvas, is not black (the test clip is colour bars). */
async function litFraction(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const video = document.querySelector('video')!;
    if (video.readyState < 2)
      await new Promise((resolve) => video.addEventListener('canplay', resolve, { once: true }));
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [64, 36];
    const context = canvas.getContext('2d')!;
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let lit = 0;
    for (let index = 0; index < pixels.length; index += 4)
      if (pixels[index]! + pixels[index + 1]! + pixels[index + 2]! > 60) lit++;
    return lit / (canvas.width * canvas.height);
  });
}

export interface SavedSection {
  /** The recording's own file, for its key frames. */
  original: string;
  section: string;
  startSeconds: number;
  endSeconds: number;
  /** Where the library said the file starts (the key frame at or before the start). */
  shownStartSeconds: number | undefined;
  streams: string[];
}

/** How far apart the index's and ffprobe's times of one packet may be (rounding to ms and timescales). */
const SAME_TIME = 0.005;

/**
 * The section file lasts from the original's last key frame at or before the start, as the
 * library said before saving, to the end: within one key-frame interval of end − start,
 * and it is a good file of its own.
 */
export async function expectSavedSection(
  saved: SavedSection,
  playback: { page: Page; origins: TestOrigins },
): Promise<void> {
  const keyFrames = keyFrameTimes(saved.original);
  const interval = Math.max(...keyFrames.slice(1).map((time, index) => time - keyFrames[index]!));
  const shown = saved.shownStartSeconds;
  console.info(
    `${path.basename(saved.section)}: asked ${saved.startSeconds}–${saved.endSeconds} s, the library said it ` +
      `starts at ${shown} s; the original's key frames every ≤ ${interval.toFixed(3)} s: ` +
      keyFrames.map((time) => time.toFixed(3)).join(' '),
  );
  // What the library said is the original's last key frame at or before the start.
  expect(shown, 'the library said where the file starts').toBeDefined();
  expect(shown!).toBeLessThanOrEqual(saved.startSeconds + SAME_TIME);
  expect(
    keyFrames.some((time) => Math.abs(time - shown!) < SAME_TIME),
    `a key frame at ${shown} s`,
  ).toBe(true);
  const skipped = keyFrames.filter((time) => time > shown! + SAME_TIME && time < saved.startSeconds - SAME_TIME);
  expect(skipped, 'key frames between the start said and the start asked').toEqual([]);

  const asked = saved.endSeconds - saved.startSeconds;
  const probed = await expectSeekableRecording(
    saved.section,
    { streams: saved.streams, recorded: saved.endSeconds - shown!, tolerance: 0.1, kind: 'video' },
    playback,
  );
  expect(probed.containerDuration!).toBeGreaterThan(asked - 0.1);
  expect(probed.containerDuration!).toBeLessThan(asked + interval + 0.1);
  expectCleanPackets(saved.section);
  // The player is on the file, seeked to its middle: a frame of the picture is there.
  expect(await litFraction(playback.page), 'a frame is shown after the seek').toBeGreaterThan(0.2);
}
