/**
 * Firefox ESR, headful under Xvfb, as a user: the marker over the element being recorded
 * shows the time recorded and pauses with the recording, and a real click on it (xdotool at
 * its spot on screen) stops the recording and saves the file. The marker sits in a closed
 * shadow root that Firefox's test driver cannot see into (its accessibility locator found
 * nothing there): the test build copies the marker's text onto its host.
 */

import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { screenCentre, xdotool } from './support/context-menu';
import { launchFirefox, openAlone, openExtensionPage, openPopup, type FirefoxSession } from './support/firefox';
import { secondsRecorded } from './support/expect-recording';
import { listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';
import { expectOverTopLeftCorner, shownSeconds } from './support/page-indicator';
import { INDICATOR_TEXT_FOR_TEST } from '../../src/shared/test-hooks';

const HOST = 'media-recorder-indicator';

let origins: TestOrigins;
let session: FirefoxSession;

startBrowserForFile(launchFirefox, (started, launched) => ([origins, session] = [started, launched]));

const openPlaying = (pagePath: string): Promise<Page> => openAlone(session, `${origins.page}${pagePath}`);

/** What the marker shows, or undefined when there is none. */
const indicatorText = (page: Page) =>
  page.evaluate(
    (host, attribute) => document.querySelector(host)?.getAttribute(attribute) ?? undefined,
    HOST,
    INDICATOR_TEXT_FOR_TEST,
  );

async function waitForIndicator(page: Page, pattern: RegExp): Promise<string> {
  const handle = await page.waitForFunction(
    (host, attribute, source) => {
      const text = document.querySelector(host)?.getAttribute(attribute);
      return text && new RegExp(source).test(text) ? text : undefined;
    },
    { timeout: 15_000 },
    HOST,
    INDICATOR_TEXT_FOR_TEST,
    pattern.source,
  );
  return (await handle.jsonValue()) as string;
}

describe('Firefox: the page indicator', () => {
  it('shows the time recorded over the video, pauses with it, and a click on it stops and saves', async () => {
    const page = await openPlaying('/video.html');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/clip\.webm[\s\S]*Record/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording · /);

    const first = shownSeconds(await waitForIndicator(page, /^REC 0:0\d$/));
    const host = (await page.$(HOST))!;
    const box = (await host.boundingBox())!;
    const video = await page.$eval('video', (element) => element.getBoundingClientRect().toJSON() as DOMRect);
    expectOverTopLeftCorner(box, video);
    // The page's layout is untouched: the marker hangs from the root, not from the video's parent.
    expect(await page.evaluate(() => document.body.children.length)).toBe(2);

    // Its time goes on (it ticks each second; on a busy machine a tick can come late).
    await expect
      .poll(async () => shownSeconds((await indicatorText(page))!), { timeout: 10_000, interval: 250 })
      .toBeGreaterThanOrEqual(first + 2);

    // Paused from the popup: the marker says so and its time stands still.
    const pausedAt = await popup.press('Pause');
    const pausedText = await waitForIndicator(page, /^Paused /);
    await sleep(2000);
    expect(await indicatorText(page)).toBe(pausedText);
    const resumedAt = await popup.press('Resume');
    await waitForIndicator(page, /^REC /);
    await popup.close();
    await sleep(1000);

    // A real click at the marker's spot on screen, as a user makes it; pressing it does not
    // take the page's focus.
    const spot = await screenCentre(page, host);
    xdotool(session.display, 'mousemove', String(spot.x), String(spot.y), 'mousedown', '1');
    await sleep(200);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    xdotool(session.display, 'mouseup', '1');
    const stoppedAt = Date.now();
    const file = await waitForDownload(session.downloads, before);
    // From the recorder's own start to the click, less the time from Pause to Resume.
    const { seconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    const recordedSeconds = seconds - (resumedAt - pausedAt) / 1000;
    const probed = probeFile(file);
    console.info(
      `${file}: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s, media ${probed.mediaDuration} s`,
    );
    expect(Math.abs(probed.mediaDuration - recordedSeconds)).toBeLessThan(1);

    await page.waitForFunction((selector) => document.querySelector(selector) === null, {}, HOST);
    expect(await page.evaluate(() => document.documentElement.children.length)).toBe(2);
    // The click went to the marker, not to the video under it: the video plays on.
    expect(await page.$eval('video', (element) => element.paused)).toBe(false);
  });

  it('does not appear when turned off in Settings', async () => {
    const page = await openPlaying('/video.html');
    // The settings page by keyboard: the popup's Settings button, Tab to the box, Space.
    const options = await openExtensionPage(session, page, 'options');
    await options.waitForText(/Show a marker over the element being recorded/);
    expect(await options.focus(/Show a marker over the element being recorded/)).toMatch(/^\[x\]/);
    await options.key('space');
    await options.waitFor('focused', /^\[ \] Show a marker/);
    await options.waitForText(/Saved\./);
    await options.close();

    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/clip\.webm[\s\S]*Record/);
    await popup.press('Record');
    await popup.waitForText(/Recording · /);
    await sleep(3000);
    // (The root holds the hidden slice-writer frame meanwhile: Firefox's way to storage.)
    expect(await page.$(HOST)).toBeNull();
    await popup.press('Stop');
    expect(probeFile(await waitForDownload(session.downloads, before)).mediaDuration).toBeGreaterThan(2);
    await popup.close();
  });
});
