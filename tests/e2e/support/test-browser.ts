/** The test servers and one browser for an end-to-end file, started before its tests and closed after. */

import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startServers, type TestOrigins } from './server';

export function startBrowserForFile<Session extends { close(): Promise<void>; failureReport?(): string }>(
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

/** After each failed test of the file, what the browser can say more of it (Firefox: its console). */
export function reportOnFailure(session: () => { failureReport?(): string } | undefined): void {
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      const report = session()?.failureReport?.();
      if (report) console.info(report);
    });
  });
}
