/**
 * Chromium: videos of real streaming players, fed through Media Source Extensions (blob:
 * sources): hls.js with an HLS stream and Shaka Player with a DASH stream, each switching
 * quality mid-recording. Files judged by ffprobe and ffmpeg.
 */

import { describe, expect, it } from 'vitest';
import { launchChromium, openPopup, type ChromiumSession } from './support/chromium';
import { secondsRecorded } from './support/expect-recording';
import { listDownloads, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';
import { expectLiveRecording, expectStreamRecording, isPlayingLive, LIVE_PAGE } from './support/streaming';

let origins: TestOrigins;
let session: ChromiumSession;

startBrowserForFile(launchChromium, (started, launched) => ([origins, session] = [started, launched]));

describe('Chromium: streaming players', () => {
  it.each([
    ['hls.js', '/hls.html'],
    ['Shaka Player (DASH)', '/dash.html'],
  ])('records a %s stream through a quality switch', async (player, pagePath) => {
    const page = await session.browser.newPage();
    await page.goto(`${origins.page}${pagePath}`);
    await page.waitForFunction(() => {
      const video = document.querySelector('video')!;
      return video.currentTime > 0.5 && video.videoHeight === 360;
    });
    expect(await page.$eval('video', (video) => video.src)).toMatch(/^blob:|^$/);
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await (await popup.waitForSelector('::-p-aria([name="Record"][role="button"])'))!.click();
    const startedAt = Date.now();
    await popup.waitForSelector('[data-key^="stop:"]');
    await sleep(3000);
    await page.evaluate(() =>
      (window as unknown as { streamPlayer: { switchTo(height: number): void } }).streamPlayer.switchTo(180),
    );
    await page.waitForFunction(() => document.querySelector('video')!.videoHeight === 180, { timeout: 15_000 });
    await sleep(3000);
    await (await popup.waitForSelector('::-p-aria([name="Stop"][role="button"])'))!.click();
    const recorded = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt: Date.now() });
    const file = await waitForDownload(session.downloads, before);
    expectStreamRecording(file, recorded, `Chromium, ${player}`);
    await popup.close();
    await page.close();
  });

  it('records a live stream, which has no end (duration Infinity)', async () => {
    const page = await session.browser.newPage();
    await page.goto(`${origins.page}${LIVE_PAGE}`);
    await page.waitForFunction(isPlayingLive);
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForSelector('::-p-text(Live)');
    await (await popup.waitForSelector('::-p-aria([name="Record"][role="button"])'))!.click();
    const startedAt = Date.now();
    await popup.waitForSelector('[data-key^="stop:"]');
    await sleep(4000);
    await (await popup.waitForSelector('::-p-aria([name="Stop"][role="button"])'))!.click();
    const recorded = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt: Date.now() });
    const file = await waitForDownload(session.downloads, before);
    expectLiveRecording(file, recorded, 'Chromium, live HLS');
    await popup.close();
    await page.close();
  });
});
