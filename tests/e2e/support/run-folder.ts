/**
 * One temporary folder per end-to-end run, holding every folder the run makes: browser
 * profiles, download folders, unpacked builds, and the browsers' own temporary files.
 * TMPDIR points there for the test workers and the browsers they start, so nothing is
 * left behind in the system's temporary folder (a run used to leave a few dozen profiles
 * there, up to 45 MB each). The folder goes at the run's end, unless a test failed
 * (./keep-failed-run.ts): then it stays, and its path is printed, for the profiles hold what the
 * extension had stored at the failure.
 */

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUN_FOLDER = 'MEDIA_RECORDER_E2E_RUN_FOLDER';
const KEEP_MARK = 'a-test-failed';

/** Makes the run's folder and points TMPDIR at it; returns the end of the run. */
export function openRunFolder(): () => void {
  const earlierTmpdir = process.env.TMPDIR;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mr-e2e-'));
  process.env.TMPDIR = folder;
  process.env[RUN_FOLDER] = folder;
  return () => {
    if (earlierTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = earlierTmpdir;
    delete process.env[RUN_FOLDER];
    if (existsSync(path.join(folder, KEEP_MARK))) {
      console.info(`A test failed: the run's profiles and downloads are kept in ${folder}`);
      return;
    }
    // A browser that outlived its test may still be writing there: a few tries.
    rmSync(folder, { recursive: true, force: true, maxRetries: 5 });
  };
}

/** Keeps the run's folder at its end (a test failed); does nothing outside a run. */
export function keepRunFolder(): void {
  const folder = process.env[RUN_FOLDER];
  if (folder && existsSync(folder)) writeFileSync(path.join(folder, KEEP_MARK), '');
}
