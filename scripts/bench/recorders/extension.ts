/**
 * The extension, worked through its toolbar popup as a user does (as the e2e tests do):
 * Chromium's real popup opened by a toolbar click and its buttons clicked; Firefox's
 * opened with Alt+Shift+M and its buttons reached with Tab and pressed with Return. The
 * popup is closed while recording, as a user would, and opened again to press Stop.
 */

import type { Page } from 'puppeteer-core';
import { openPopup as openChromiumPopup, type ChromiumSession } from '../../../tests/e2e/support/chromium';
import { openPopup as openFirefoxPopup, type FirefoxSession } from '../../../tests/e2e/support/firefox';
import type { BenchBrowser } from '../browsers';
import type { Recorder, RecorderFactory } from './types';

/**
 * A button by its accessible name, as the e2e tests find them. Clicked through a locator,
 * which finds it again should the popup have drawn its row anew between the two (a click
 * on the element first found failed once with "Node is detached from document").
 */
async function clickButton(popup: Page, name: string): Promise<number> {
  const selector = `::-p-aria([name="${name}"][role="button"])`;
  await popup.waitForSelector(selector, { timeout: 15_000 });
  // The press is when the popup gets the click (Date.now() there, the same clock): the
  // locator's own round trips before it (finding the button, its box, the mouse events)
  // took about 100 ms, which no user waits.
  await popup.evaluate(() =>
    document.addEventListener('click', () => (document.documentElement.dataset.benchClickedAt = String(Date.now())), {
      capture: true,
      once: true,
    }),
  );
  const askedAt = Date.now();
  await popup.locator(selector).setTimeout(15_000).setWaitForStableBoundingBox(false).click();
  const clickedAt = await popup
    .evaluate(() => Number(document.documentElement.dataset.benchClickedAt))
    .catch(() => Number.NaN);
  return Number.isFinite(clickedAt) ? clickedAt : askedAt;
}

function chromiumRecorder(session: ChromiumSession): Recorder {
  return {
    async start(page) {
      const popup = await openChromiumPopup(session, page);
      const pressedAt = await clickButton(popup, 'Record');
      await popup.waitForSelector('[data-key^="stop:"]');
      await popup.close();
      return pressedAt;
    },
    async stop(page) {
      const popup = await openChromiumPopup(session, page);
      return clickButton(popup, 'Stop');
    },
    savesFile: true,
  };
}

function firefoxRecorder(session: FirefoxSession): Recorder {
  return {
    async start(page) {
      const popup = await openFirefoxPopup(session, page);
      await popup.waitForText(/\.webm[\s\S]*Record/);
      const pressedAt = await popup.press('Record');
      await popup.waitForText(/Recording/);
      await popup.close();
      return pressedAt;
    },
    async stop(page) {
      const popup = await openFirefoxPopup(session, page);
      await popup.waitForText(/Recording[\s\S]*Stop/);
      const pressedAt = await popup.press('Stop');
      await popup.close();
      return pressedAt;
    },
    savesFile: true,
  };
}

export const extensionRecorder: RecorderFactory = (browser: BenchBrowser) =>
  browser.name === 'chromium' ? chromiumRecorder(browser.session) : firefoxRecorder(browser.session);
