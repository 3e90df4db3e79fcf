/**
 * Scratch folders for the files a unit test writes (ffmpeg's inputs and outputs): one per
 * test file, in the system's temporary folder, removed once the file's tests are done.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A new folder `mr-<name>-…`; call it at a test file's top level, where afterAll applies. */
export function scratchFolder(name: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), `mr-${name}-`));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}
