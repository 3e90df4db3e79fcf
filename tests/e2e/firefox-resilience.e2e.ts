/**
 * Firefox: every way a recording can end saves what was recorded, a recording goes on past
 * the point where Firefox suspends an idle background page, and a recording is recovered
 * after the browser is killed. Files judged by ffprobe.
 */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, openPopup, type FirefoxSession } from './support/firefox';
import { recorderStart, secondsRecorded } from './support/expect-recording';
import { largestVideoGap, listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import { fireFakeMediaEvents } from './support/play-instead';
import { startServers, type TestOrigins } from './support/server';
import { reportOnFailure } from './support/test-browser';

let origins: TestOrigins;

beforeAll(async () => {
  origins = await startServers();
});

afterAll(async () => {
  await origins?.close();
});

/** Waits until a video of the page (or of its frame) has played a little. */
async function waitForPlaying(page: Page, count = 1): Promise<void> {
  await expect
    .poll(async () => {
      let playing = 0;
      for (const frame of page.frames()) {
        playing += await frame
          .evaluate(() => [...document.querySelectorAll('video')].filter((video) => video.currentTime > 0.3).length)
          .catch(() => 0);
      }
      return playing;
    })
    .toBeGreaterThanOrEqual(count);
}

describe('Firefox: recordings survive what can happen to them', () => {
  let session: FirefoxSession;
  beforeAll(async () => {
    // Firefox suspends an idle background page after 30 s; make it 2 s, so every test
    // here also runs against a background that comes and goes between user actions.
    session = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': 2000 } });
  });
  afterAll(async () => {
    await session?.close();
  });
  reportOnFailure(() => session);

  async function startRecording(pagePath: string): Promise<{ page: Page; startedAt: number }> {
    const page = await session.browser.newPage();
    await page.goto(`${origins.page}${pagePath}`);
    await waitForPlaying(page);
    const popup = await openPopup(session, page);
    await popup.waitForText(/Record/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    await popup.close();
    return { page, startedAt };
  }

  it('goes on past the time Firefox suspends an idle background page', async () => {
    const before = listDownloads(session.downloads);
    const { page, startedAt } = await startRecording('/video.html');
    await sleep(6000);
    const popup = await openPopup(session, page);
    // Still recording, 6 s on at least: the popup itself may take seconds to open on a busy machine.
    await popup.waitForText(/Recording · 0:(0[6-9]|[1-5]\d)/);
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    // Whether the background was suspended and the page's link reconnected (test builds
    // list it among the page's events): Firefox 153 keeps it while a port is busy.
    const events = await page.evaluate(() => document.documentElement.dataset.mediaRecorderEvents ?? '');
    const probed = probeFile(file);
    console.info(
      `Firefox, background idle timeout 2 s: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s, link reconnected ${events.match(/link:reconnected/g)?.length ?? 0} times`,
    );
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.6);
    // The slices went to storage through the slice-writer frame, not extension messaging,
    // and into the recording's slice file.
    expect(events).toContain('slices:frame:file');
    expect(events).not.toContain('slices:link');
    await page.close();
  });

  it('stores through its frame on a page whose CSP forbids frames, and loses nothing when the page removes it', async () => {
    const before = listDownloads(session.downloads);
    const csp = encodeURIComponent("frame-src 'none'; child-src 'none'");
    const { page, startedAt } = await startRecording(`/video.html?csp=${csp}`);
    const events = () => page.evaluate(() => document.documentElement.dataset.mediaRecorderEvents ?? '');
    await expect.poll(events).toContain('slices:frame');
    await sleep(3000 - (Date.now() - startedAt));
    // What a page that rewrites its document does to the frame.
    await page.evaluate(() => document.querySelector('media-recorder-slices')!.remove());
    await sleep(8000 - (Date.now() - startedAt));
    const popup = await openPopup(session, page);
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    const probed = probeFile(file);
    const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    console.info(
      `Firefox, writer frame removed at 3 s: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s, largest gap ${largestVideoGap(file).toFixed(3)} s`,
    );
    expect(await events()).toContain('slices:link:write-failed');
    expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.6);
    // Every second made it into the file: no hole where the frame went.
    expect(largestVideoGap(file)).toBeLessThan(0.25);
    await page.close();
  });

  it.each([
    ['the page navigates away', '/video.html', (page: Page) => page.goto(`${origins.page}/empty.html`)],
    ['the tab is closed', '/video.html', (page: Page) => page.close()],
    [
      'the element is removed',
      '/video.html',
      (page: Page) => page.evaluate(() => document.querySelector('video')!.remove()),
    ],
    [
      'the frame holding the element is removed',
      '/frames.html',
      (page: Page) => page.evaluate(() => document.querySelector('iframe')!.remove()),
    ],
  ])('saves what was recorded when %s after 8 s', async (what, pagePath, end) => {
    const before = listDownloads(session.downloads);
    const { page, startedAt: pressedAt } = await startRecording(pagePath);
    const { startedAt, lateMs } = await recorderStart({ page, pressedAt });
    await sleep(8000 - (Date.now() - startedAt));
    const endedAt = Date.now();
    await end(page);
    const file = await waitForDownload(session.downloads, before);
    const probed = probeFile(file);
    const recordedSeconds = (endedAt - startedAt) / 1000;
    console.info(
      `Firefox, ${what}: recorder started ${lateMs} ms after the press, recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s`,
    );
    expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    // The page going away may take the last, unsent second with it (and the write under way).
    expect(probed.containerDuration).toBeGreaterThan(recordedSeconds - 1.5);
    expect(probed.containerDuration).toBeLessThan(recordedSeconds + 0.5);
    if (!page.isClosed()) await page.close();
  });

  it('takes no media event the page fires itself: one file, of the whole length', async () => {
    const before = listDownloads(session.downloads);
    const { page, startedAt } = await startRecording('/video.html');
    const stopFaking = await fireFakeMediaEvents(page);
    await sleep(6000);
    const popup = await openPopup(session, page);
    await popup.waitForText(/Recording/);
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    await stopFaking();
    // Time for any further part to start and be saved, as it would within a second or two.
    await sleep(3000);
    expect(listDownloads(session.downloads).filter((name) => !before.includes(name))).toEqual([path.basename(file)]);
    const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    const probed = probeFile(file);
    console.info(
      `Firefox, fake media events: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration} s`,
    );
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
    await page.close();
  });

  it('records two elements of one tab at once, each into its own file', async () => {
    const page = await session.browser.newPage();
    await page.goto(`${origins.page}/two-videos.html`);
    await waitForPlaying(page, 2);
    // The small clip is 10 s long; keep it going for the length of the test.
    await page.evaluate(() => document.querySelectorAll('video').forEach((video) => (video.loop = true)));
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/Big clip[\s\S]*Small clip/);
    await popup.press('Record');
    await popup.waitForText(/Recording/);
    await popup.press('Record');
    await popup.waitForText(/Recording[\s\S]*Recording/);
    await sleep(4000);
    await popup.press('Stop');
    const first = await waitForDownload(session.downloads, before);
    await popup.press('Stop');
    const second = await waitForDownload(session.downloads, [...before, path.basename(first)]);
    await popup.close();
    const sizes = [first, second].map((file) =>
      probeFile(file).streams.find((stream) => stream.codec_type === 'video'),
    );
    expect(sizes.map((stream) => `${stream?.width}x${stream?.height}`).sort()).toEqual(['320x180', '640x360']);
    await page.close();
  });
});

describe('Firefox: recordings survive a crash', () => {
  it('recovers a recording after the browser is killed, up to its last second', async () => {
    const first = await launchFirefox({ persistent: true });
    const [page] = await first.browser.pages();
    await page!.goto(`${origins.page}/video.html`);
    await page!.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).currentTime > 0.3);
    const popup = await openPopup(first, page!);
    await popup.waitForText(/clip\.webm[\s\S]*Record/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    await popup.close();
    // The recorder's own start, read while its page is there to tell it.
    const recorder = await recorderStart({ page: page!, pressedAt: startedAt });
    await sleep(10_000 - (Date.now() - startedAt));
    const recordedSeconds = (Date.now() - recorder.startedAt) / 1000;
    first.browser.process()!.kill('SIGKILL');
    await new Promise((resolve) => first.browser.process()!.once('exit', resolve));

    const second = await launchFirefox({ profile: first.profile, downloads: first.downloads });
    try {
      // Recovery runs by itself when the browser starts again, and saves the file.
      const file = await waitForDownload(second.downloads, [], 60_000);
      const probed = probeFile(file);
      console.info(
        `Firefox crash recovery: the recorder started ${recorder.lateMs} ms after Record; ${recordedSeconds.toFixed(2)} s recorded before the kill, file ${probed.containerDuration?.toFixed(3)} s`,
      );
      expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
      expect(probed.containerDuration).toBeGreaterThan(recordedSeconds - 2);
      expect(probed.containerDuration).toBeLessThan(recordedSeconds + 0.5);
    } finally {
      await second.close();
    }
  });
});
