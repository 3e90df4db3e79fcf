/**
 * Chromium, headful under Xvfb: a player embedded from another site. The extension may not
 * look into that frame until the user allows it: the popup names the site and asks; the
 * browser's own prompt is answered with the keyboard (xdotool); then the video is listed
 * and records. The settings page's "all sites" switch asks the browser the same way.
 */

import { describe, expect, it } from 'vitest';
import { extensionWorker, launchChromium, openPopup, type ChromiumSession } from './support/chromium';
import { xdotool } from './support/context-menu';
import { listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';

let origins: TestOrigins;
let session: ChromiumSession;

startBrowserForFile(
  () => launchChromium({ headless: false }),
  (started, launched) => ([origins, session] = [started, launched]),
);

/** Chromium's permission prompt opens with "Deny" focused: Tab to "Allow", then Return. */
async function allowInBrowserPrompt(): Promise<void> {
  await sleep(1500);
  xdotool(session.display!, 'key', 'Tab');
  await sleep(300);
  xdotool(session.display!, 'key', 'Return');
  await sleep(1000);
}

async function hasAccess(origins: string[]): Promise<boolean> {
  const worker = await extensionWorker(session);
  return worker.evaluate(
    (wanted) =>
      (
        globalThis as unknown as {
          chrome: { permissions: { contains(query: { origins: string[] }): Promise<boolean> } };
        }
      ).chrome.permissions.contains({ origins: wanted }),
    origins,
  );
}

describe('Chromium: players embedded from other sites', () => {
  it('asks for access to the embedding site, then lists and records its video', async () => {
    const foreignHost = new URL(origins.foreign).hostname;
    const [page] = await session.browser.pages();
    await page!.goto(`${origins.page}/embedded-player.html`);
    const frame = await (await page!.waitForSelector('iframe'))!.contentFrame();
    await frame!.waitForFunction(() => document.querySelector('video')!.currentTime > 0.3);

    let popup = await openPopup(session, page!);
    const allow = await popup.waitForSelector(`::-p-aria([name="Allow access to ${foreignHost}"][role="button"])`);
    expect(await popup.$('::-p-aria([name="Record"][role="button"])')).toBeNull();
    expect(await hasAccess([`http://${foreignHost}/*`])).toBe(false);
    await allow!.click();
    await allowInBrowserPrompt();
    expect(await hasAccess([`http://${foreignHost}/*`])).toBe(true);

    // The popup closed for the browser's prompt; opened again, it reaches into the frame.
    const before = listDownloads(session.downloads);
    popup = await openPopup(session, page!);
    await popup.waitForFunction(() => document.querySelector('#media-list')?.textContent?.includes('Framed clip'));
    expect(await popup.$('#frames-section:not([hidden])')).toBeNull();
    await (await popup.waitForSelector('::-p-aria([name="Record"][role="button"])'))!.click();
    const startedAt = Date.now();
    await popup.waitForSelector('[data-key^="stop:"]');
    await sleep(3000);
    await (await popup.waitForSelector('::-p-aria([name="Stop"][role="button"])'))!.click();
    const recordedSeconds = (Date.now() - startedAt) / 1000;
    const probed = probeFile(await waitForDownload(session.downloads, before));
    expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
    await popup.close();
  });

  it('asks for access to all sites from the settings page, and gives it back', async () => {
    const options = await session.browser.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    const allSites = (await options.waitForSelector('#all-sites'))!;
    expect(await allSites.evaluate((box) => (box as HTMLInputElement).checked)).toBe(false);
    await allSites.click();
    await allowInBrowserPrompt();
    await options.waitForFunction(() => (document.querySelector('#all-sites') as HTMLInputElement).checked);
    expect(await hasAccess(['*://*/*'])).toBe(true);
    await allSites.click();
    await options.waitForFunction(() => !(document.querySelector('#all-sites') as HTMLInputElement).checked);
    expect(await hasAccess(['*://*/*'])).toBe(false);
    await options.close();
  });
});
