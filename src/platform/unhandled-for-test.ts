/**
 * Test builds only (called under `if (__TEST__)`, so none of this ships): every unhandled
 * rejection of the background or a content script is noted where the end-to-end tests look.
 * The background keeps them in storage, which the Chromium tests read from its worker, and
 * prints each with `dump()`, which Firefox (with `browser.dom.window.dump.enabled`) writes to
 * its standard output, where the Firefox tests read it: they cannot reach the background.
 * Firefox fires no `unhandledrejection` in content scripts (seen on Firefox 153); Chromium
 * does, and runs the same content code. A service worker hears it only through a listener
 * added while its script first runs, as here.
 */

import browser from 'webextension-polyfill';
import { UNHANDLED_FOR_TEST_KEY, UNHANDLED_FOR_TEST_MARK } from '../shared/test-hooks';
import { askBackgroundToRejectForTest, collectUnhandledForTest, reportUnhandledForTest } from './messaging/test-relay';

function describe(reason: unknown): string {
  return reason instanceof Error ? `${reason.name}: ${reason.message} ${reason.stack ?? ''}` : String(reason);
}

function onUnhandled(note: (text: string) => void): void {
  globalThis.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    const text = describe(event.reason);
    console.error('Media Recorder (test build): unhandled rejection', text);
    note(text);
  });
}

let noted = Promise.resolve();

/** The background: its own rejections and the content scripts'. */
export function watchBackgroundForTest(): void {
  const dump = (globalThis as { dump?: (text: string) => void }).dump;
  const note = (text: string): Promise<void> =>
    (noted = noted.then(async () => {
      dump?.(`${UNHANDLED_FOR_TEST_MARK} ${text.replace(/\s+/g, ' ')}\n`);
      const stored = await browser.storage.local.get(UNHANDLED_FOR_TEST_KEY);
      const list = (stored[UNHANDLED_FOR_TEST_KEY] as string[] | undefined) ?? [];
      await browser.storage.local.set({ [UNHANDLED_FOR_TEST_KEY]: [...list, text] });
    }));
  onUnhandled((text) => void note(`background: ${text}`));
  collectUnhandledForTest(
    (text) => note(`content: ${text}`),
    () => void Promise.reject(new Error('for the test, in the background')),
  );
}

/**
 * A content script: tells the background. On a page whose address asks for it, makes one
 * rejection here and one in the background, so the tests can show that they catch them.
 */
export function watchContentForTest(): void {
  onUnhandled(reportUnhandledForTest);
  if (!location.search.includes('unhandled-rejection-for-test')) return;
  void Promise.reject(new Error('for the test, in the content script'));
  askBackgroundToRejectForTest();
}
