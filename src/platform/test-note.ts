/**
 * Test builds only (`__TEST__`): a line Firefox prints on its standard output (`dump()`),
 * where the end-to-end tests read what a background page did that shows in no file (see
 * tests/e2e/support/firefox.ts). Elsewhere, and in Chromium, nothing.
 */

import { NOTE_FOR_TEST_MARK } from '../shared/test-hooks';

export function noteForTest(text: string): void {
  const dump = (globalThis as { dump?: (text: string) => void }).dump;
  dump?.(`${NOTE_FOR_TEST_MARK} ${text}\n`);
}
