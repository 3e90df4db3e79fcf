/** The test servers and one browser for an end-to-end file, started before its tests and closed after. */

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startServers, type TestOrigins } from './server';

interface Reporting {
  failureReport?(): string;
  /** The virtual display of a headful session. */
  display?: string | undefined;
}

export function startBrowserForFile<Session extends Reporting & { close(): Promise<void> }>(
  launch: () => Promise<Session>,
  started: (origins: TestOrigins, session: Session) => void,
): void {
  let origins: TestOrigins | undefined;
  let session: Session | undefined;
  beforeAll(async () => {
    origins = await startServers();
    session = await launch();
    started(origins, session);
  });
  reportOnFailure(() => session);
  afterAll(async () => {
    await session?.close();
    await origins?.close();
  });
}

/**
 * After each failed test of the file, what the browser can say more of it (its console,
 * its process), and for a headful one, a picture of its screen: a menu or a dialog left
 * open shows there and nowhere else.
 */
export function reportOnFailure(session: () => Reporting | undefined): void {
  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(() => reportFailure(session(), task.name));
  });
}

/** Prints what `session` can say of a failure now, and a picture of its screen; for a test whose browser closes before the test ends. */
export function reportFailure(session: Reporting | undefined, testName: string): void {
  const report = session?.failureReport?.();
  if (report) console.info(report);
  if (session?.display) console.info(screenshot(session.display, testName));
}

/** Saves the display's screen under .artifacts/screens; says where, or why not. */
function screenshot(display: string, testName: string): string {
  const folder = path.resolve('.artifacts', 'screens');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${Date.now()} ${testName.replace(/[^\w -]+/g, '_').slice(0, 80)}.png`);
  const grab = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'x11grab', '-i', display, '-frames:v', '1', file]);
  return grab.status === 0
    ? `The screen at the failure: ${file}`
    : `No picture of the screen: ${grab.stderr.toString().trim()}`;
}
