/**
 * What every saved recording must be, checked with tools that did not write it: the
 * expected streams, a container duration matching the time recorded (from the recorder's
 * start to the Stop press: how long after the Record press the recorder starts is the
 * machine's speed, reported, not judged), an index for seeking
 * (MP4 `moov` first; WebM Cues), a frame or sound decoded after a seek, and, played back
 * in the browser, a finite duration and a seek that lands where asked.
 */

import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import { decodeAt, decodeWholeFile, hasSeekIndex, probeFile, type ProbedFile } from './media-file';
import { recorderStartedAt } from './recorder-start';
import { serveFolder, type TestOrigins } from './server';

export interface Expectation {
  /** `codec_type:codec_name` of each stream, sorted. */
  streams: string[];
  /**
   * The seconds the file must last, where known (a section); or the page (or the page of
   * the frame) that recorded, and when Record and Stop were pressed (Date.now()).
   */
  recorded: number | Presses;
  /** How far the container's duration may be from the time recorded. */
  tolerance: number;
  kind: 'video' | 'audio';
}

export interface Presses {
  page: Page;
  pressedAt: number;
  stoppedAt: number;
}

const playbackFolders = new Map<string, string>();

/**
 * When (Date.now()) the recorder a Record press started began, as the test build reports
 * it, and how long after the press. The page's latest recorder: where the page starts
 * another before Stop (a second element, the next part after a source switch), read it
 * once this one runs, and pass the one before as `after` when reading the next.
 */
export async function recorderStart({
  page,
  pressedAt,
  after,
}: {
  page: Page;
  pressedAt: number;
  after?: number;
}): Promise<{ startedAt: number; lateMs: number }> {
  const startedAt = await recorderStartedAt(page, after);
  // The recorder this press started, not an earlier one of the page (seconds before). A
  // test notes the press as the click or key returns, which the recorder's start can beat
  // by a few ms.
  expect(startedAt, 'the recorder started by this press').toBeGreaterThan(pressedAt - 1000);
  return { startedAt, lateMs: startedAt - pressedAt };
}

/**
 * The seconds from the recorder's start (as the test build reports it) to the Stop press,
 * and how long after the Record press it started.
 */
export async function secondsRecorded({
  page,
  pressedAt,
  stoppedAt,
}: Presses): Promise<{ seconds: number; lateMs: number }> {
  const { startedAt, lateMs } = await recorderStart({ page, pressedAt });
  return { seconds: (stoppedAt - startedAt) / 1000, lateMs };
}

export async function expectSeekableRecording(
  file: string,
  expectation: Expectation,
  playback: { page: Page; origins: TestOrigins },
): Promise<ProbedFile> {
  const { recorded } = expectation;
  const measured = typeof recorded === 'number' ? undefined : await secondsRecorded(recorded);
  const recordedSeconds = measured?.seconds ?? (recorded as number);
  const probed = probeFile(file);
  console.info(
    `${path.basename(file)}: ` +
      (measured ? `the recorder started ${measured.lateMs} ms after the Record press; ` : '') +
      `recorded ${recordedSeconds.toFixed(2)} s, container says ` +
      `${probed.containerDuration?.toFixed(3)} s, packets span ${probed.mediaDuration.toFixed(3)} s`,
  );
  expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual(
    expectation.streams,
  );
  expect(probed.containerDuration, 'the container declares its duration').toBeDefined();
  expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(expectation.tolerance);
  expect(Math.abs(probed.containerDuration! - probed.mediaDuration), 'declared vs. packet span').toBeLessThan(0.2);
  expect(hasSeekIndex(file), 'the file has an index for seeking').toBe(true);
  const seekTo = Math.min(15, Math.floor(probed.containerDuration! * 0.75));
  expect(decodeAt(file, seekTo, expectation.kind), `decodes at ${seekTo} s`).toBeGreaterThan(0);
  decodeWholeFile(file);

  const folder = path.dirname(file);
  if (!playbackFolders.has(folder)) playbackFolders.set(folder, serveFolder(folder));
  const src = `${playbackFolders.get(folder)}/${encodeURIComponent(path.basename(file))}`;
  await playback.page.goto(
    `${playback.origins.page}/player.html?kind=${expectation.kind}&src=${encodeURIComponent(src)}`,
  );
  const seek = await playback.page.evaluate(() =>
    (window as unknown as { checkSeek(): Promise<{ duration: number; target: number; landed: number }> }).checkSeek(),
  );
  expect(Number.isFinite(seek.duration), `the browser reads a finite duration (got ${seek.duration})`).toBe(true);
  expect(Math.abs(seek.duration - probed.containerDuration!)).toBeLessThan(0.25);
  expect(Math.abs(seek.landed - seek.target), 'a seek to the middle lands there').toBeLessThan(0.5);
  return probed;
}

/** `readyState` of an element that has fetched nothing yet (preload="none"). */
export const HAVE_NOTHING = 0;

/**
 * tests/pages/waiting.html, both recorded at once: the video that had not loaded (320×180,
 * with sound) and the music without controls (sound only), each as long as it was recorded.
 */
export function expectWaitingPageRecordings(
  recorded: { videoFile: string; videoSeconds: number; audioFile: string; audioSeconds: number },
  browser: string,
): void {
  const video = probeFile(recorded.videoFile);
  const audio = probeFile(recorded.audioFile);
  console.info(
    `${browser}: video not loaded before: recorded ${recorded.videoSeconds.toFixed(2)} s, file ${video.containerDuration?.toFixed(3)} s; ` +
      `audio without controls: recorded ${recorded.audioSeconds.toFixed(2)} s, file ${audio.containerDuration?.toFixed(3)} s`,
  );
  expect(
    video.streams.map((stream) => `${stream.codec_type}:${stream.width ?? ''}x${stream.height ?? ''}`).sort(),
  ).toEqual(['audio:x', 'video:320x180']);
  expect(audio.streams.map((stream) => stream.codec_type)).toEqual(['audio']);
  expect(Math.abs(video.containerDuration! - recorded.videoSeconds)).toBeLessThan(0.8);
  expect(Math.abs(audio.containerDuration! - recorded.audioSeconds)).toBeLessThan(0.6);
  decodeWholeFile(recorded.videoFile);
  decodeWholeFile(recorded.audioFile);
}
