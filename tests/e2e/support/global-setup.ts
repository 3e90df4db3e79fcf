/**
 * Runs once before the end-to-end files: the browsers must exist, the fixtures be made, and
 * headful Firefox needs a display (a fresh Xvfb when there is none, stopped at the end).
 */

import { existsSync } from 'node:fs';
import { ensureFixtures } from './fixtures';
import { ensureProtectedClip, ensureStreams } from './stream-fixtures';
import { CHROMIUM, CHROMIUM_BUILD } from './chromium';
import { FIREFOX, FIREFOX_BUILD } from './firefox';
import { ensureDisplay, stopDisplay } from './xvfb';

export default async function setup(): Promise<() => void> {
  // A missing browser is a failure, never a skip.
  for (const [name, file] of [
    ['Chromium', CHROMIUM],
    ['Firefox ESR', FIREFOX],
    ['the Chromium test build (run `node build.mjs --test`)', `${CHROMIUM_BUILD}/manifest.json`],
    ['the Firefox test build (run `node build.mjs --test`)', `${FIREFOX_BUILD}/manifest.json`],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${name} is missing at ${file}; run scripts/install-deps.sh`);
  }
  ensureFixtures();
  ensureStreams();
  ensureProtectedClip();
  // Test files run in workers started after this, so they inherit the display.
  process.env.DISPLAY = await ensureDisplay();
  return stopDisplay;
}
