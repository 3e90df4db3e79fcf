/**
 * Runs once before the end-to-end files: the browsers must exist and the fixtures be made.
 * Displays are each worker's own (./xvfb.ts); temporary folders are the run's own
 * (./run-folder.ts), removed at its end.
 */

import { existsSync } from 'node:fs';
import { ensureFixtures } from './fixtures';
import { ensureProtectedClip, ensureStreams } from './stream-fixtures';
import { CHROMIUM, CHROMIUM_BUILD } from './chromium';
import { FIREFOX, FIREFOX_BUILD } from './firefox';
import { openRunFolder } from './run-folder';

export default function setup(): () => void {
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
  return openRunFolder();
}
