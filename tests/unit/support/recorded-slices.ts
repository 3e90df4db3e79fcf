/** Slices recorded by Chromium's and Firefox's MediaRecorder (tests/fixtures/recorded), in order. */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const RECORDED_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/recorded');

export function recordedSlices(set: string): Uint8Array<ArrayBuffer>[] {
  const folder = path.join(RECORDED_FIXTURES, set);
  return readdirSync(folder)
    .filter((name) => name.endsWith('.bin'))
    .sort()
    .map((name) => new Uint8Array(readFileSync(path.join(folder, name))));
}
