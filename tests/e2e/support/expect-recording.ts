/**
 * What every saved recording must be, checked with tools that did not write it: the
 * expected streams, a container duration matching the time recorded, an index for seeking
 * (MP4 `moov` first; WebM Cues), a frame or sound decoded after a seek, and, played back
 * in the browser, a finite duration and a seek that lands where asked.
 */

import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import { decodeAt, decodeWholeFile, hasSeekIndex, probeFile, type ProbedFile } from './media-file';
import { serveFolder, type TestOrigins } from './server';

export interface Expectation {
  /** `codec_type:codec_name` of each stream, sorted. */
  streams: string[];
  recordedSeconds: number;
  /** How far the container's duration may be from the time recorded. */
  tolerance: number;
  kind: 'video' | 'audio';
}

const playbackFolders = new Map<string, string>();

export async function expectSeekableRecording(
  file: string,
  expectation: Expectation,
  playback: { page: Page; origins: TestOrigins },
): Promise<ProbedFile> {
  const probed = probeFile(file);
  console.info(
    `${path.basename(file)}: recorded ${expectation.recordedSeconds.toFixed(2)} s, container says ` +
      `${probed.containerDuration?.toFixed(3)} s, packets span ${probed.mediaDuration.toFixed(3)} s`,
  );
  expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual(
    expectation.streams,
  );
  expect(probed.containerDuration, 'the container declares its duration').toBeDefined();
  expect(Math.abs(probed.containerDuration! - expectation.recordedSeconds)).toBeLessThan(expectation.tolerance);
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
