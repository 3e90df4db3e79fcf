/**
 * Chromium: recordings from pages whose titles hold what its downloads API refuses in a
 * name (format and bidi characters, 900 bytes of Japanese, a device name, emoji joiners)
 * are saved under a name every browser and system accepts; and when the API refuses a
 * name all the same (forced in the test build), the file is saved under the plain name
 * and the popup says why.
 */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchChromium, openPopup, type ChromiumSession } from './support/chromium';
import { expectSaneFile, FALLBACK_NAME, HOSTILE_TITLES, REFUSED_TITLE, titledPage } from './support/hostile-titles';
import { listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';

let origins: TestOrigins;
let session: ChromiumSession;

startBrowserForFile(launchChromium, (started, launched) => ([origins, session] = [started, launched]));

const button = (popup: Page, name: string) =>
  popup.waitForSelector(`::-p-aria([name="${name}"][role="button"])`, { timeout: 10_000 });

/** Opens the page with `title`, records 2 s from the popup, and returns the file and the popup. */
async function recordTitled(page: Page, title: string): Promise<{ file: string; popup: Page }> {
  await page.goto(`${origins.page}${titledPage(title)}`);
  await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.3);
  const before = listDownloads(session.downloads);
  const popup = await openPopup(session, page);
  await (await button(popup, 'Record'))!.click();
  await popup.waitForSelector('[data-key^="stop:"]');
  await sleep(2000);
  await (await button(popup, 'Stop'))!.click();
  return { file: await waitForDownload(session.downloads, before), popup };
}

describe('Chromium: file names from hostile page titles', () => {
  it('saves every recording under a sane name, and under the plain name when the name is refused', async () => {
    const page = await session.browser.newPage();
    for (const { label, title, nameStart } of HOSTILE_TITLES) {
      const { file, popup } = await recordTitled(page, title);
      console.info(`Chromium, ${label}: ${path.basename(file)}`);
      expectSaneFile(file, nameStart, label);
      await popup.close();
    }

    const { file, popup } = await recordTitled(page, REFUSED_TITLE);
    expect(path.basename(file)).toMatch(FALLBACK_NAME);
    expect(probeFile(file).containerDuration).toBeGreaterThan(1);
    await popup.waitForFunction(() => document.body.innerText.includes('could not be used as a file name'), {
      timeout: 10_000,
    });
    await popup.close();
  });
});
