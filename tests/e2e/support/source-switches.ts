/** A player switching sources while it is recorded (issue #18): the same steps in both browsers. */

import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { expectSeekableRecording } from './expect-recording';
import { frameSizes, probeFile, waitForDownload } from './media-file';
import type { TestOrigins } from './server';

/**
 * From the 640×360 clip to a 320×240 one after 5.5 s, and back after 5.5 s more: a part
 * goes on no sooner than 5 s after the one before started (shared/parts.ts).
 */
export const SWITCHES = [
  { source: '/media/other-size.webm', afterMs: 5500 },
  { source: '/media/clip.webm', afterMs: 5500 },
];

/** How long the last source records before Stop. */
export const LAST_SOURCE_MS = 3000;

/** The seconds lost at each switch, as the popup or the library shows them ("0.4 s, 0.6 s lost…"). */
export function lostSeconds(shown: string): number[] {
  const line = /sources in one file · (.*) lost while the page switched/.exec(shown)?.[1];
  if (!line) return [];
  return line.split(/,\s+(?=\d)/).map((part) => Number(part.replace(/\s*s$/, '').replace(',', '.')));
}

/**
 * The one file of a recording across SWITCHES: as long as what was recorded less the time
 * lost at the two switches (`shown`: the popup's text), seekable, holding both sizes in
 * order, and played through in the browser showing each.
 */
export async function expectJoinedFile(
  file: string,
  run: { shown: string; recordedSeconds: number; page: Page },
  streams: string[],
  origins: TestOrigins,
): Promise<void> {
  const lost = lostSeconds(run.shown);
  expect(lost).toHaveLength(2);
  const expected = run.recordedSeconds - lost.reduce((sum, seconds) => sum + seconds, 0);
  console.info(`${path.basename(file)}: recorded ${run.recordedSeconds} s, lost ${lost.join(' + ')} s at the switches`);
  await expectSeekableRecording(
    file,
    { streams, recorded: expected, tolerance: 1, kind: 'video' },
    { page: run.page, origins },
  );
  expect(frameSizes(file)).toEqual(['640x360', '320x240', '640x360']);
  const played = await run.page.evaluate(() =>
    (window as unknown as { playThrough(): Promise<{ sizes: string[]; ended: number }> }).playThrough(),
  );
  expect(played.sizes).toEqual(['640x360', '320x240', '640x360']);
  expect(Math.abs(played.ended - probeFile(file).containerDuration!)).toBeLessThan(0.5);
}

/** The three files of a recording across SWITCHES with "a file per source", in the order the sources played. */
export async function expectFilePerSource(
  downloads: string,
  run: { shown: string; before: string[] },
  extension: string,
): Promise<void> {
  expect(run.shown).not.toMatch(/sources in one file/);
  const files: string[] = [];
  for (let saved = 0; saved < 3; saved++) {
    files.push(await waitForDownload(downloads, [...run.before, ...files.map((file) => path.basename(file))]));
  }
  // Each saved as the page switched away from it.
  const names = files.map((file) => path.basename(file));
  expect(names[0]).not.toMatch(/ part \d/);
  expect(names[1]).toMatch(new RegExp(` part 2\\.${extension}$`));
  expect(names[2]).toMatch(new RegExp(` part 3\\.${extension}$`));
  expect(files.map((file) => frameSizes(file))).toEqual([['640x360'], ['320x240'], ['640x360']]);
}
