/**
 * Chromium: nothing is lost when the extension's service worker is stopped mid-recording,
 * or when the whole browser is killed. Files judged by ffprobe.
 */

import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchChromium, openPopup, resetSettings, storedRecordings, type ChromiumSession } from './support/chromium';
import { recorderStart, secondsRecorded } from './support/expect-recording';
import { largestVideoGap, listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import { startServers, type TestOrigins } from './support/server';

let origins: TestOrigins;

beforeAll(async () => {
  origins = await startServers();
});

afterAll(async () => {
  await origins?.close();
});

/** Opens `pagePath` and records its only video, which may sit in a frame. */
async function startRecording(
  session: ChromiumSession,
  pagePath = '/video.html',
): Promise<{ page: Page; startedAt: number }> {
  const page = await session.browser.newPage();
  await page.goto(`${origins.page}${pagePath}`);
  await expect
    .poll(async () => {
      for (const frame of page.frames()) {
        const time = await frame.evaluate(() => document.querySelector('video')?.currentTime ?? 0).catch(() => 0);
        if (time > 0.3) return true;
      }
      return false;
    })
    .toBe(true);
  const popup = await openPopup(session, page);
  // The first Record button not yet recording: the largest such element.
  await (await popup.waitForSelector('::-p-aria([name="Record"][role="button"])'))!.click();
  const startedAt = Date.now();
  await popup.waitForSelector('[data-key^="stop:"]');
  await popup.close();
  return { page, startedAt };
}

/** Ids of the extension's notifications on screen, read from one of its pages. */
async function notifications(session: ChromiumSession): Promise<string[]> {
  const page = await session.browser.newPage();
  try {
    await page.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    return await page.evaluate(async () => {
      const api = (
        globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }
      ).chrome;
      return Object.keys(await api.notifications.getAll());
    });
  } finally {
    await page.close();
  }
}

const serviceWorker = (session: ChromiumSession) =>
  session.browser.waitForTarget(
    (target) => target.type() === 'service_worker' && target.url().endsWith('/background/index.js'),
  );

describe('Chromium: recordings survive what can happen to them', () => {
  it('goes on without a gap when the service worker is stopped mid-recording', async () => {
    const session = await launchChromium();
    try {
      const before = listDownloads(session.downloads);
      const { page, startedAt } = await startRecording(session);
      await sleep(4000);

      // Stop the worker as the browser does to an idle one.
      const worker = await (await serviceWorker(session)).worker();
      await worker!.close();
      await sleep(4000);

      // The page reconnected and woke a new worker, which kept storing the slices. The test
      // build lists each reconnection among the page's events. (Asking the worker itself
      // is unreliable: puppeteer may keep handing out the stopped worker's detached handle.)
      await expect
        .poll(() => page.evaluate(() => document.documentElement.dataset.mediaRecorderEvents ?? ''), {
          timeout: 30_000,
          interval: 250,
        })
        .toMatch(/link:reconnected/);
      const popup = await openPopup(session, page);
      await popup.waitForFunction(() =>
        document.querySelector('.recording-status')?.textContent?.includes('Recording'),
      );
      await (await popup.waitForSelector('::-p-aria([name="Stop"][role="button"])'))!.click();
      const stoppedAt = Date.now();

      const file = await waitForDownload(session.downloads, before);
      const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
      const probed = probeFile(file);
      console.info(
        `service worker restart: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s, largest gap ${largestVideoGap(file).toFixed(3)} s`,
      );
      expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
      expect(largestVideoGap(file)).toBeLessThan(0.25);
    } finally {
      await session.close();
    }
  });

  it('recovers a recording after the browser is killed, up to its last second', async () => {
    const first = await launchChromium();
    const { page, startedAt } = await startRecording(first);
    // The recorder's own start, read while its page is there to tell it.
    const recorder = await recorderStart({ page, pressedAt: startedAt });
    await sleep(10_000 - (Date.now() - startedAt));
    const killedAt = Date.now();
    const recordedSeconds = (killedAt - recorder.startedAt) / 1000;
    first.browser.process()!.kill('SIGKILL');
    await new Promise((resolve) => first.browser.process()!.once('exit', resolve));

    const second = await launchChromium({ profile: first.profile });
    try {
      // Recovery runs by itself when the browser starts again, and saves the file.
      const file = await waitForDownload(second.downloads, [], 45_000);
      const probed = probeFile(file);
      console.info(
        `crash recovery: the recorder started ${recorder.lateMs} ms after Record; ${recordedSeconds.toFixed(2)} s recorded before the kill, file ${probed.containerDuration?.toFixed(3)} s (${Date.now() - killedAt} ms after the kill)`,
      );
      expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
      // Lost: the slice still inside MediaRecorder, and at most one on its way to storage.
      expect(probed.containerDuration).toBeGreaterThan(recordedSeconds - 2);
      expect(probed.containerDuration).toBeLessThan(recordedSeconds + 0.5);
    } finally {
      await second.close();
    }
  });

  describe('every way a recording can end saves what was recorded', () => {
    let session: ChromiumSession;
    beforeAll(async () => {
      session = await launchChromium();
    });
    afterAll(async () => {
      await session?.close();
    });

    async function endAfter(
      seconds: number,
      pagePath: string,
      end: (page: Page) => Promise<void>,
    ): Promise<{ file: string; recordedSeconds: number; startDelayMs: number }> {
      const before = listDownloads(session.downloads);
      const { page, startedAt: pressedAt } = await startRecording(session, pagePath);
      // Counted from the recorder's start: what the end may lose, whatever the start took.
      const { startedAt, lateMs } = await recorderStart({ page, pressedAt });
      await sleep(seconds * 1000 - (Date.now() - startedAt));
      const endedAt = Date.now();
      await end(page);
      const file = await waitForDownload(session.downloads, before);
      return { file, recordedSeconds: (endedAt - startedAt) / 1000, startDelayMs: lateMs };
    }

    it.each([
      [
        'the page navigates away',
        '/video.html',
        (page: Page) => page.goto(`${origins.page}/empty.html`).then(() => undefined),
      ],
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
    ])('when %s after 8 s', async (_what, pagePath, end) => {
      const shown = await notifications(session);
      const { file, recordedSeconds, startDelayMs } = await endAfter(8, pagePath, end);
      const probed = probeFile(file);
      console.info(
        `${_what}: recorder started ${startDelayMs} ms after the click, recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s`,
      );
      expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
      // The page going away may take the last, unsent second with it.
      expect(probed.containerDuration).toBeGreaterThan(recordedSeconds - 1.5);
      expect(probed.containerDuration).toBeLessThan(recordedSeconds + 0.5);
      // The user is told, since they did not stop it themselves.
      await expect.poll(async () => (await notifications(session)).filter((id) => !shown.includes(id))).toHaveLength(1);
    });

    it('says so when the captured tracks end with the media, "Stop when the media ends" off', async () => {
      // Chromium's capture ends its tracks when the element's media ends: the recorder has
      // nothing more to record even though the user asked to go on past the end.
      onTestFinished(() => resetSettings(session));
      const options = await session.browser.newPage();
      await options.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
      await options.click('input[name="stopWhenMediaEnds"]');
      await options.waitForFunction(() => document.getElementById('saved')?.textContent === 'Saved.');
      await options.close();
      const before = listDownloads(session.downloads);
      const { page, startedAt } = await startRecording(session, '/small-video.html');
      const left = await page.evaluate(() => {
        const video = document.querySelector('video')!;
        return video.duration - video.currentTime;
      });
      const file = await waitForDownload(session.downloads, before);
      const probed = probeFile(file);
      console.info(
        `media ended, stop-when-ended off: ${left.toFixed(2)} s of media left at start, file ${probed.containerDuration?.toFixed(3)} s, saved after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
      );
      expect(Math.abs(probed.containerDuration! - left)).toBeLessThan(1);
      const popup = await openPopup(session, page);
      await popup.waitForFunction(() =>
        document.querySelector('#recording-list')?.textContent?.includes('stopped giving sound or picture'),
      );
      await popup.close();
      await page.close();
    });

    it('stops cleanly and keeps the recording when storage runs low', async () => {
      const before = listDownloads(session.downloads);
      const { page, startedAt } = await startRecording(session);
      await sleep(2000);
      // Shrink the extension's quota to what it uses now plus the margin the recorder keeps
      // and 2 MB: storage runs out a few seconds in.
      const extensionPage = await session.browser.newPage();
      await extensionPage.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
      const { usage } = await extensionPage.evaluate(() => navigator.storage.estimate());
      const cdp = await extensionPage.createCDPSession();
      await cdp.send('Storage.overrideQuotaForOrigin', {
        origin: `chrome-extension://${session.extensionId}`,
        quotaSize: usage! + 16 * 1024 * 1024 + 2_000_000,
      });
      const file = await waitForDownload(session.downloads, before, 30_000);
      const stoppedAfter = (Date.now() - startedAt) / 1000;
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: `chrome-extension://${session.extensionId}` });
      await extensionPage.close();

      const probed = probeFile(file);
      console.info(
        `storage full: stopped by itself after ${stoppedAfter.toFixed(1)} s, file ${probed.containerDuration?.toFixed(3)} s`,
      );
      expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
      expect(probed.containerDuration).toBeGreaterThan(2);
      // It stopped for lack of room, long before the 30 s clip ended.
      expect(stoppedAfter).toBeLessThan(20);
      const popup = await openPopup(session, page);
      await popup.waitForFunction(() =>
        document.querySelector('#recording-list')?.textContent?.includes('Storage is almost full'),
      );
      await popup.close();
      // Stopped for lack of room, not as if the user had pressed Stop.
      const recordings = await storedRecordings(session);
      expect(recordings.at(-1)).toMatchObject({ state: 'saved', endReason: 'error', error: 'storage-full' });
      await page.close();
    });

    it('records two elements of one tab at once, each into its own file', async () => {
      const page = await session.browser.newPage();
      await page.goto(`${origins.page}/two-videos.html`);
      await page.waitForFunction(() =>
        [...document.querySelectorAll('video')].every((video) => video.currentTime > 0.3),
      );
      const before = listDownloads(session.downloads);
      const popup = await openPopup(session, page);
      // The popup lists the tab's media once it has looked at the tab: wait for both.
      await popup.waitForFunction(() => document.querySelectorAll('[data-key^="record:"]').length === 2);
      const recordButtons = await popup.$$('::-p-aria([name="Record"][role="button"])');
      expect(recordButtons).toHaveLength(2);
      await recordButtons[0]!.click();
      await popup.waitForSelector('[data-key^="stop:"]');
      await (await popup.waitForSelector('::-p-aria([name="Record"][role="button"])'))!.click();
      await popup.waitForFunction(() => document.querySelectorAll('[data-key^="stop:"]').length === 2);
      await sleep(4000);
      // The popup re-renders after each press, so find the next Stop afresh.
      for (let stops = 2; stops > 0; stops--) {
        await popup.waitForFunction(
          (count) => document.querySelectorAll('[data-key^="stop:"]').length === count,
          {},
          stops,
        );
        await popup.$eval('[data-key^="stop:"]', (stop) => (stop as HTMLButtonElement).click());
      }
      const first = await waitForDownload(session.downloads, before);
      const second = await waitForDownload(session.downloads, [...before, first.split('/').pop()!]).catch(
        async (error: Error) => {
          throw new Error(
            `${error.message}\npopup shows:\n${await popup.$eval('main', (main) => (main as HTMLElement).innerText)}`,
          );
        },
      );
      const sizes = [first, second].map((file) =>
        probeFile(file).streams.find((stream) => stream.codec_type === 'video'),
      );
      expect(sizes.map((stream) => `${stream?.width}x${stream?.height}`).sort()).toEqual(['320x180', '640x360']);
      await popup.close();
      await page.close();
    });
  });
});
