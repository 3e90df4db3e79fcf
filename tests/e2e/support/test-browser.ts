/** The test servers and one browser for an end-to-end file, started before its tests and closed after. */

import { afterAll, beforeAll } from 'vitest';
import { startServers, type TestOrigins } from './server';

export function startBrowserForFile<Session extends { close(): Promise<void> }>(
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
  afterAll(async () => {
    await session?.close();
    await origins?.close();
  });
}
