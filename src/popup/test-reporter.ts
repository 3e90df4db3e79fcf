/**
 * Test builds only: tells the page (through the background) what the popup shows and which
 * control has focus, after every render, key and focus change. Firefox gives test drivers
 * no access to extension pages, so this is how its tests see the popup.
 */

import { reportPopupForTest } from '../platform/messaging/test-relay';
import { keyStateForTest, reportChangesForTest } from '../platform/ui/report-changes-for-test';

export function startTestReporter(tabId: number): void {
  const main = document.querySelector('main');
  const report = (event: string, detail = '') => {
    void reportPopupForTest(tabId, {
      event,
      detail,
      text: main?.innerText ?? '',
      ...keyStateForTest((focused) => (focused instanceof HTMLButtonElement ? (focused.textContent ?? '') : '')),
    }).catch(() => undefined);
  };
  reportChangesForTest(main, report);
}
