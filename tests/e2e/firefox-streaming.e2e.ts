/**
 * Firefox: videos of real streaming players, fed through Media Source Extensions (blob:
 * sources): hls.js with an HLS stream and Shaka Player with a DASH stream, each switching
 * quality mid-recording. The popup is worked by keyboard. Files judged by ffprobe and ffmpeg.
 */

import { describe, it } from 'vitest';
import { launchFirefox, openPopup, type FirefoxSession } from './support/firefox';
import { secondsRecorded } from './support/expect-recording';
import { listDownloads, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';
import { expectLiveRecording, expectStreamRecording, isPlayingLive, LIVE_PAGE } from './support/streaming';

let origins: TestOrigins;
let session: FirefoxSession;

startBrowserForFile(launchFirefox, (started, launched) => ([origins, session] = [started, launched]));

describe('Firefox: streaming players', () => {
  it.each([
    ['hls.js', '/hls.html'],
    ['Shaka Player (DASH)', '/dash.html'],
  ])('records a %s stream through a quality switch', async (player, pagePath) => {
    const [page] = await session.browser.pages();
    await page!.goto(`${origins.page}${pagePath}`);
    await page!.waitForFunction(() => {
      const video = document.querySelector('video')!;
      return video.currentTime > 0.5 && video.videoHeight === 360;
    });
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page!);
    await popup.waitForText(/stream[\s\S]*Record/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    await sleep(3000 - (Date.now() - startedAt));
    await page!.evaluate(() =>
      (window as unknown as { streamPlayer: { switchTo(height: number): void } }).streamPlayer.switchTo(180),
    );
    await page!.waitForFunction(() => document.querySelector('video')!.videoHeight === 180, { timeout: 15_000 });
    await sleep(3000);
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    const recorded = await secondsRecorded({ page: page!, pressedAt: startedAt, stoppedAt });
    expectStreamRecording(file, recorded, `Firefox, ${player}`);
  });

  it('records a live stream, which has no end (duration Infinity)', async () => {
    const [page] = await session.browser.pages();
    await page!.goto(`${origins.page}${LIVE_PAGE}`);
    await page!.waitForFunction(isPlayingLive);
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page!);
    await popup.waitForText(/Live[\s\S]*Record/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    await sleep(4000 - (Date.now() - startedAt));
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    const recorded = await secondsRecorded({ page: page!, pressedAt: startedAt, stoppedAt });
    expectLiveRecording(file, recorded, 'Firefox, live HLS');
  });
});
