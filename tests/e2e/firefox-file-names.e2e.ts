/**
 * Firefox: recordings from pages whose titles hold what a downloads API refuses in a name
 * (format and bidi characters, 900 bytes of Japanese, a device name, emoji joiners) are
 * saved under a name every browser and system accepts; and when the API refuses a name
 * all the same (forced in the test build), the file is saved under the plain name and the
 * popup says why. Recorded with the keyboard shortcut, as Firefox shows extension pages
 * to no test driver.
 */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, openPopup, type FirefoxSession } from './support/firefox';
import { pressKeys, screenCentre, xdotool } from './support/context-menu';
import { expectSaneFile, FALLBACK_NAME, HOSTILE_TITLES, REFUSED_TITLE, titledPage } from './support/hostile-titles';
import { listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';

let origins: TestOrigins;
let session: FirefoxSession;

startBrowserForFile(launchFirefox, (started, launched) => ([origins, session] = [started, launched]));

/** The toolbar badge's text, as the test build reports it into the page. */
const badge = (page: Page) => page.evaluate(() => document.documentElement.dataset.mediaRecorderBadge ?? '');

/** Opens the page with `title`, records 2 s with Alt+Shift+R, and returns the file. */
async function recordTitled(page: Page, title: string): Promise<string> {
  await page.goto(`${origins.page}${titledPage(title)}`);
  await page.bringToFront();
  await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.3);
  const before = listDownloads(session.downloads);
  const heading = await screenCentre(page, (await page.$('h1'))!);
  xdotool(session.display, 'mousemove', String(heading.x), String(heading.y), 'click', '1');
  await sleep(300);
  pressKeys(session.display, 'alt+shift+r');
  await expect.poll(() => badge(page), { timeout: 10_000 }).toBe('REC');
  await sleep(2000);
  pressKeys(session.display, 'alt+shift+r');
  return waitForDownload(session.downloads, before);
}

describe('Firefox: file names from hostile page titles', () => {
  it('saves every recording under a sane name, and under the plain name when the name is refused', async () => {
    const [page] = await session.browser.pages();
    for (const { label, title, nameStart } of HOSTILE_TITLES) {
      const file = await recordTitled(page!, title);
      console.info(`Firefox, ${label}: ${path.basename(file)}`);
      expectSaneFile(file, nameStart, label);
    }

    const file = await recordTitled(page!, REFUSED_TITLE);
    expect(path.basename(file)).toMatch(FALLBACK_NAME);
    expect(probeFile(file).containerDuration).toBeGreaterThan(1);
    const popup = await openPopup(session, page!);
    await popup.waitForText(/could not be used as a file name/);
    await popup.close();
  });
});
