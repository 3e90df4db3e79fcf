/**
 * Chromium, as a user: the marker over the element being recorded shows the time recorded
 * and a real click on it stops the recording and saves the file; turned off in Settings, it
 * does not appear. The marker sits in a closed shadow root: it is found as assistive
 * technology finds it, through the accessibility tree.
 */

import { describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { launchChromium, openPopup, type ChromiumSession } from './support/chromium';
import { secondsRecorded } from './support/expect-recording';
import { listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';
import { expectOverTopLeftCorner, shownSeconds } from './support/page-indicator';

const INDICATOR = '::-p-aria([name="Stop recording"][role="button"])';

let origins: TestOrigins;
let session: ChromiumSession;

startBrowserForFile(launchChromium, (started, launched) => ([origins, session] = [started, launched]));

async function openPlaying(pagePath: string): Promise<Page> {
  const page = await session.browser.newPage();
  await page.goto(`${origins.page}${pagePath}`);
  await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.3);
  return page;
}

/** A popup button by its accessible name. */
async function button(popup: Page, name: string) {
  return (await popup.waitForSelector(`::-p-aria([name="${name}"][role="button"])`, { timeout: 10_000 }))!;
}

/** Presses Record in the popup and closes it once the recording runs. */
async function startRecording(page: Page): Promise<number> {
  const popup = await openPopup(session, page);
  await (await button(popup, 'Record')).click();
  const startedAt = Date.now();
  await popup.waitForSelector('[data-key^="stop:"]');
  await popup.close();
  return startedAt;
}

const indicatorText = (indicator: ElementHandle) => indicator.evaluate((element) => element.textContent ?? '');

describe('Chromium: the page indicator', () => {
  it('shows the time recorded over the video, pauses with it, and a click on it stops and saves', async () => {
    const page = await openPlaying('/video.html');
    const before = listDownloads(session.downloads);
    const startedAt = await startRecording(page);

    const indicator = (await page.waitForSelector(INDICATOR, { timeout: 10_000 }))!;
    expect(await indicatorText(indicator)).toMatch(/^REC 0:0\d$/);
    const box = (await indicator.boundingBox())!;
    const video = await page.$eval('video', (element) => element.getBoundingClientRect().toJSON() as DOMRect);
    expectOverTopLeftCorner(box, video);
    // The page's layout is untouched: the marker hangs from the root, not from the video's parent.
    expect(await page.evaluate(() => document.body.children.length)).toBe(2);

    const first = shownSeconds(await indicatorText(indicator));
    // Its time goes on (it ticks each second; on a busy machine a tick can come late).
    await expect
      .poll(async () => shownSeconds(await indicatorText(indicator)), { timeout: 10_000, interval: 250 })
      .toBeGreaterThanOrEqual(first + 2);

    // Paused from the popup: the marker says so and its time stands still.
    const popup = await openPopup(session, page);
    await (await button(popup, 'Pause')).click();
    const pausedAt = Date.now();
    await page.waitForFunction((element) => element.textContent?.startsWith('Paused'), {}, indicator);
    const pausedText = await indicatorText(indicator);
    await sleep(2000);
    expect(await indicatorText(indicator)).toBe(pausedText);
    await (await button(popup, 'Resume')).click();
    const pausedSeconds = (Date.now() - pausedAt) / 1000;
    await page.waitForFunction((element) => element.textContent?.startsWith('REC'), {}, indicator);
    await popup.close();
    await sleep(2000);

    // A real click at the marker, as a user makes it; pressing it does not take the page's focus.
    const { x, y, width, height } = (await indicator.boundingBox())!;
    await page.mouse.move(x + width / 2, y + height / 2);
    await page.mouse.down();
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.mouse.up();
    const stoppedAt = Date.now();
    const file = await waitForDownload(session.downloads, before);
    // From the recorder's own start to the click, less the pause.
    const { seconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    const recordedSeconds = seconds - pausedSeconds;
    const probed = probeFile(file);
    console.info(
      `${file}: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s, container ${probed.containerDuration} s`,
    );
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);

    expect(await page.$(INDICATOR)).toBeNull();
    expect(await page.evaluate(() => document.documentElement.children.length)).toBe(2);
    await page.close();
  });

  it('does not appear when turned off in Settings', async () => {
    const options = await session.browser.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    const checkbox = (await options.waitForSelector(
      '::-p-aria([name="Show a marker over the element being recorded"][role="checkbox"])',
    ))!;
    await options.waitForFunction((input) => (input as HTMLInputElement).checked, {}, checkbox);
    await checkbox.click();
    await options.waitForFunction(() => document.getElementById('saved')?.textContent);
    await options.close();

    const page = await openPlaying('/video.html');
    const before = listDownloads(session.downloads);
    await startRecording(page);
    await sleep(3000);
    expect(await page.$(INDICATOR)).toBeNull();
    expect(await page.evaluate(() => document.documentElement.children.length)).toBe(2);

    const popup = await openPopup(session, page);
    await (await button(popup, 'Stop')).click();
    expect(probeFile(await waitForDownload(session.downloads, before)).containerDuration).toBeGreaterThan(2);
    await popup.close();
    await page.close();
  });
});
