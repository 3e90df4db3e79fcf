/**
 * Chromium, as a user: open a page, click the toolbar button (the real popup opens and
 * activeTab is granted), press the popup's buttons, and judge the downloaded file with
 * ffprobe.
 */

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  launchChromium,
  openPopup,
  resetSettings,
  takeUnhandledRejections,
  type ChromiumSession,
} from './support/chromium';
import { REJECT_FOR_TEST_QUERY } from './support/unhandled';
import {
  expectSeekableRecording,
  expectWaitingPageRecordings,
  HAVE_NOTHING,
  recorderStart,
  secondsRecorded,
} from './support/expect-recording';
import {
  blackSeconds,
  hasSeekIndex,
  listDownloads,
  mp4TopLevelBoxes,
  avEndOffsetMs,
  meanVolume,
  probeFile,
  sleep,
  waitForDownload,
} from './support/media-file';
import { saveSectionInChromium, shownStartSeconds } from './support/library-section';
import { fireFakeMediaEvents, playInstead } from './support/play-instead';
import { expectSavedSection } from './support/section-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';
import { addVideo, ADDED_TITLE, contentCounts, expectNoWatchAfterClose } from './support/told';

let origins: TestOrigins;
let session: ChromiumSession;

startBrowserForFile(launchChromium, (started, launched) => ([origins, session] = [started, launched]));

async function openPlaying(path: string): Promise<Page> {
  const page = await session.browser.newPage();
  await page.goto(`${origins.page}${path}`);
  await page.waitForFunction(() => {
    const media = document.querySelector('video, audio') as HTMLMediaElement | null;
    return media !== null && media.currentTime > 0.3;
  });
  return page;
}

/**
 * Presses `buttonName` in the popup (once `waitForTitle` is listed), records for `seconds`,
 * presses Stop and returns the saved file, and the seconds recorded from the recorder's
 * start to Stop.
 */
async function recordFor(page: Page, seconds: number, buttonName = 'Record', waitForTitle?: string) {
  const before = listDownloads(session.downloads);
  const popup = await openPopup(session, page);
  if (waitForTitle) {
    await popup.waitForFunction(
      (title) => document.querySelector('#media-list')?.textContent?.includes(title),
      {},
      waitForTitle,
    );
  }
  await (await button(popup, buttonName))!.click();
  const startedAt = Date.now();
  await popup.waitForSelector('[data-key^="stop:"]');
  await sleep(seconds * 1000);
  await (await button(popup, 'Stop'))!.click();
  const stoppedAt = Date.now();
  const file = await waitForDownload(session.downloads, before);
  const recorded = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
  return { page, popup, recordedSeconds: recorded.seconds, file };
}

/** "1.2 MB" → bytes, as the popup shows sizes. */
function parseSize(text: string): number {
  const match = /([\d.]+) (kB|MB|GB)/.exec(text);
  if (!match) throw new Error(`no size in "${text}"`);
  return Number(match[1]) * { kB: 1e3, MB: 1e6, GB: 1e9 }[match[2] as 'kB' | 'MB' | 'GB'];
}

const popupText = (popup: Page) => popup.$eval('main', (main) => (main as HTMLElement).innerText);

/** A button by its accessible name, as assistive technology and users find it. */
async function button(popup: Page, name: string) {
  return popup.waitForSelector(`::-p-aria([name="${name}"][role="button"])`, { timeout: 10_000 });
}

describe('Chromium: recording from the toolbar popup', () => {
  it('records 20 s of a video with sound, carries on with the popup closed, and saves a seekable file', async () => {
    const page = await openPlaying('/video.html');
    const before = listDownloads(session.downloads);

    let popup = await openPopup(session, page);
    await (await button(popup, 'Record'))!.click();
    const startedAt = Date.now();
    await popup.waitForSelector('[data-key^="stop:"]');
    await popup.close();

    // The recording goes on while the popup is closed.
    await sleep(5000);
    popup = await openPopup(session, page);
    await popup.waitForFunction(() => document.querySelector('.recording-status')?.textContent?.includes('Recording'));
    const status = await popup.$eval('.recording-status', (element) => element.textContent ?? '');
    expect(status).toMatch(/0:0[4-9]/);
    const storedWhileRecording = parseSize(status);

    await sleep(20_000 - (Date.now() - startedAt));
    await (await button(popup, 'Stop'))!.click();
    const stoppedAt = Date.now();
    const file = await waitForDownload(session.downloads, before);
    const savedAfterMs = Date.now() - stoppedAt;
    const { seconds: recordedSeconds } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    console.info(
      `chromium: Stop → file ${savedAfterMs} ms for ${recordedSeconds.toFixed(1)} s, A/V end offset ${avEndOffsetMs(file)} ms`,
    );

    expect(file).toMatch(/Test clip colour bars tone \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.mp4$/);
    // The popup shows the saved file with its own duration and size, and offers it again.
    await popup.waitForSelector('[data-state="saved"]');
    const savedText = await popupText(popup);
    expect(savedText).toContain(file.split('/').pop()!);
    expect(savedText).toMatch(/Saved · 0:(19|2\d)/);
    await button(popup, 'Show in folder');
    await (await button(popup, 'Download'))!.click();
    const again = await waitForDownload(session.downloads, [...before, file.split('/').pop()!]);
    expect(statSync(again).size).toBe(statSync(file).size);
    await popup.close();

    // Finished by index only: a new header, then the stored slices (the fragments' own
    // moof boxes inside the one mdat), and no copy of it in the extension's file system.
    expect(mp4TopLevelBoxes(file)).toEqual(['ftyp', 'moov', 'mdat']);
    expect(readFileSync(file).includes(Buffer.from('moof'))).toBe(true);
    const extensionPage = await session.browser.newPage();
    await extensionPage.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    const finishedFiles = await extensionPage.evaluate(async () => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('recordings', { create: true });
      const sizes: number[] = [];
      for await (const handle of (folder as unknown as { values(): AsyncIterable<FileSystemFileHandle> }).values()) {
        sizes.push((await handle.getFile()).size);
      }
      return sizes;
    });
    expect(finishedFiles).not.toContain(statSync(file).size);
    // Read along, its slices were packed 8 at a time in a test build (256 in a release),
    // so the file is mostly a few stored Blobs (platform/slice-packs.ts).
    const stored = await extensionPage.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('media-recorder');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const all = <T>(store: string) =>
        new Promise<T[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as T[]);
          request.onerror = () => reject(request.error);
        });
      const packs = await all<{ recordingId: string; data: Blob }>('packs');
      const slices = await all<{ recordingId: string; pack?: number; data?: Blob }>('slices');
      db.close();
      // The recording's: this test's is the only one so far.
      const recordingId = packs[0]?.recordingId;
      return {
        packBytes: packs.filter((pack) => pack.recordingId === recordingId).map((pack) => pack.data.size),
        packOfEachSlice: slices.filter((slice) => slice.recordingId === recordingId).map((slice) => slice.pack ?? null),
      };
    });
    expect(stored.packBytes.length).toBeGreaterThanOrEqual(1);
    expect(stored.packOfEachSlice.filter((pack) => pack !== null)).toHaveLength(8 * stored.packBytes.length);
    expect(stored.packBytes.reduce((sum, bytes) => sum + bytes, 0)).toBeGreaterThan(0.2 * statSync(file).size);
    await extensionPage.close();

    const player = await session.browser.newPage();
    const probed = await expectSeekableRecording(
      file,
      {
        streams: ['audio:opus', 'video:h264'],
        recorded: { page, pressedAt: startedAt, stoppedAt },
        tolerance: 0.5,
        kind: 'video',
      },
      { page: player, origins },
    );
    expect(probed.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 640, height: 360 });
    // Slices left the page as they were recorded: the first 5 s were stored long before Stop.
    expect(storedWhileRecording).toBeGreaterThan(0.15 * statSync(file).size);
    await page.close();

    // In the library, 5 s–12 s of it saved as a file of its own, cut without re-encoding (#18).
    const section = await saveSectionInChromium(session, file);
    expect(path.basename(section.file)).toMatch(/^Test clip colour bars tone .*\.mp4$/);
    await expectSavedSection(
      {
        original: file,
        section: section.file,
        startSeconds: 5,
        endSeconds: 12,
        shownStartSeconds: shownStartSeconds(section.summary),
        streams: ['audio:opus', 'video:h264'],
      },
      { page: player, origins },
    );
    await player.close();
  });

  it('works from the keyboard alone and records 20 s of an <audio> element as a seekable audio file', async () => {
    const page = await openPlaying('/audio.html');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await button(popup, 'Record');

    // Tab past Library and Settings reaches Record; Enter presses it; focus lands on the new Stop button.
    for (const label of ['Library', 'Settings']) {
      await popup.keyboard.press('Tab');
      expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe(label);
    }
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe('Record');
    await popup.keyboard.press('Enter');
    const startedAt = Date.now();
    await popup.waitForFunction(() => document.activeElement?.textContent === 'Stop', { timeout: 10_000 });
    await sleep(20_000 - (Date.now() - startedAt));
    await popup.keyboard.press('Enter');
    const stoppedAt = Date.now();

    const file = await waitForDownload(session.downloads, before);
    expect(file).toMatch(/\.m4a$/);
    await expectSeekableRecording(
      file,
      {
        streams: ['audio:opus'],
        recorded: { page, pressedAt: startedAt, stoppedAt },
        tolerance: 0.5,
        kind: 'audio',
      },
      { page, origins },
    );
    await popup.close();
    await page.close();
  });

  it('pauses and resumes, and the pause is not in the file', async () => {
    const page = await openPlaying('/video.html');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await (await button(popup, 'Record'))!.click();
    const startedAt = Date.now();
    await popup.waitForSelector('[data-key^="pause:"]');
    await sleep(3000);
    // Pressed and released across a refresh of the popup (once a second), as a slow click
    // or a busy machine makes it: the press must still count, on its release.
    await (await button(popup, 'Pause'))!.click({ delay: 1500 });
    const pausedAt = Date.now();
    await popup.waitForFunction(() => document.querySelector('.recording-status')?.textContent?.startsWith('Paused'), {
      timeout: 10_000,
    });
    await sleep(3000);
    await (await button(popup, 'Resume'))!.click();
    const resumedAt = Date.now();
    await popup.waitForFunction(() => document.querySelector('.recording-status')?.textContent?.includes('Recording'));
    await sleep(2000);
    await (await button(popup, 'Stop'))!.click();
    const stoppedAt = Date.now();
    const file = await waitForDownload(session.downloads, before);
    // From the recorder's own start to Stop, less the time from Pause to Resume.
    const { seconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    const recordedSeconds = seconds - (resumedAt - pausedAt) / 1000;
    const { mediaDuration } = probeFile(file);
    console.info(
      `pause and resume: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s around a ${((resumedAt - pausedAt) / 1000).toFixed(2)} s pause, file ${mediaDuration.toFixed(3)} s`,
    );
    // The pause is left out.
    expect(Math.abs(mediaDuration - recordedSeconds)).toBeLessThan(1);
    await popup.close();
    await page.close();
  });

  it('finds media in closed shadow roots and media added while the popup is open', async () => {
    const page = await session.browser.newPage();
    await page.goto(`${origins.page}/shadow.html?late=2500`);
    const popup = await openPopup(session, page);
    await popup.waitForFunction(() => document.querySelector('#media-list')?.textContent?.includes('Shadow clip'));
    expect(await popup.$$eval('#media-list > li', (items) => items.length)).toBe(1);
    // The popup refreshes itself: the late <audio> shows up without reopening it.
    await popup.waitForFunction(() => document.querySelector('#media-list')?.textContent?.includes('Late tone'), {
      timeout: 10_000,
    });
    const titles = await popup.$$eval('#media-list .item-title', (items) => items.map((item) => item.textContent));
    expect(titles).toEqual(['Shadow clip', 'Late tone']);
    await popup.close();
    await page.close();
  });

  it('is told, not polling: lists a video the page adds at once, and a state change, with one injection per opening', async () => {
    const page = await openPlaying('/video.html');
    const popup = await openPopup(session, page);
    await button(popup, 'Record');
    expect((await contentCounts(page)).runs).toBe(1);
    // Noted in the popup itself, as soon as its list shows the new title: the same clock as the page's.
    await popup.evaluate((title) => {
      const shown = globalThis as unknown as { shownAt?: number };
      new MutationObserver(() => {
        if (document.querySelector('#media-list')?.textContent?.includes(title)) shown.shownAt ??= Date.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, ADDED_TITLE);
    const addedAt = await addVideo(page);
    const shownAt = await popup.waitForFunction(() => (globalThis as unknown as { shownAt?: number }).shownAt, {
      timeout: 2000,
    });
    const listedMs = (await shownAt.jsonValue())! - addedAt;

    const status = () => popup.$eval('.recording-status', (element) => element.textContent ?? '');
    await (await button(popup, 'Record'))!.click();
    await popup.waitForFunction(() => document.querySelector('.recording-status')?.textContent?.includes('Recording'));
    await sleep(1500);
    const pressedAt = Date.now();
    await (await button(popup, 'Pause'))!.click();
    await popup.waitForFunction(() => document.querySelector('.recording-status')?.textContent?.startsWith('Paused'), {
      timeout: 2000,
    });
    const pausedMs = Date.now() - pressedAt;
    // The time stands still while paused, with no message from the background.
    const pausedText = await status();
    await sleep(1200);
    expect(await status()).toBe(pausedText);
    await (await button(popup, 'Stop'))!.click();
    await popup.waitForSelector('[data-state="saved"]');

    const counts = await contentCounts(page);
    console.info(
      `Chromium, told not polling: video added → listed in ${listedMs} ms; Pause → "Paused" in ${pausedMs} ms; ` +
        `content script runs ${counts.runs}, media walks ${counts.walks}`,
    );
    expect(listedMs).toBeLessThan(2000);
    expect(counts.runs).toBe(1);
    await expectNoWatchAfterClose(popup, page);
    await page.close();
  });

  it('records a video inside a frame', async () => {
    const page = await session.browser.newPage();
    await page.goto(`${origins.page}/frames.html`);
    const frame = await (await page.waitForSelector('iframe'))!.contentFrame();
    await frame!.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).currentTime > 0.3);
    const { popup, file, recordedSeconds } = await recordFor(page, 3, 'Record', 'Framed clip');
    expect(file).toContain('Video in a frame');
    const probed = probeFile(file);
    expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(probed.mediaDuration - recordedSeconds)).toBeLessThan(1);
    await popup.close();
    await page.close();
  });

  it('takes no media event the page fires itself: one file, of the whole length', async () => {
    const page = await openPlaying('/video.html');
    const before = listDownloads(session.downloads);
    const stopFaking = await fireFakeMediaEvents(page);
    const { popup, file, recordedSeconds } = await recordFor(page, 6);
    await stopFaking();
    // Time for any further part to start and be saved, as it would within a second or two.
    await sleep(3000);
    expect(listDownloads(session.downloads).filter((name) => !before.includes(name))).toEqual([path.basename(file)]);
    const probed = probeFile(file);
    console.info(
      `Chromium, fake media events: recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration} s`,
    );
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
    await popup.close();
    await page.close();
  });

  it('records the sound of a muted, zero-volume element (capture ignores its volume)', async () => {
    const page = await openPlaying('/video.html');
    await page.evaluate(() => {
      const video = document.querySelector('video')!;
      video.muted = true;
      video.volume = 0;
    });
    const { popup, file } = await recordFor(page, 5);
    // The clip's tone is at about -21 dBFS; silence measures -91.
    expect(meanVolume(file)).toBeGreaterThan(-40);
    // Long enough for the silence check to speak, and it rightly does not.
    expect(await popupText(popup)).not.toMatch(/silent|No sound/);
    await popup.close();
    await page.close();
  });

  it('says when a recording gets only silence and black, while recording and once saved', async () => {
    const page = await openPlaying('/video.html');
    await playInstead(page, '/media/black-silent.webm');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await (await button(popup, 'Record'))!.click();
    await popup.waitForSelector('[data-key^="stop:"]');
    const shows = (pattern: RegExp) =>
      popup.waitForFunction(
        (source) => new RegExp(source).test(document.querySelector('main')!.innerText),
        {},
        pattern.source,
      );
    await shows(/No sound captured so far[\s\S]*Only a black picture captured so far/);
    await (await button(popup, 'Stop'))!.click();
    const file = await waitForDownload(session.downloads, before);
    await shows(/This recording is silent[\s\S]*This recording is black/);
    // The warnings tell the truth about the file.
    expect(meanVolume(file)).toBeLessThan(-80);
    expect(blackSeconds(file)).toBeGreaterThan(probeFile(file).containerDuration! - 0.5);
    await popup.close();
    await page.close();
  });

  it('still saves a seekable file by remux when the index-only path refuses', async () => {
    const page = await openPlaying('/video.html');
    // The test build's index refuses recordings of a page with this in its title.
    await page.evaluate(() => (document.title = 'Fallback refuse-index-for-test'));
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await (await button(popup, 'Record'))!.click();
    const startedAt = Date.now();
    await popup.waitForSelector('[data-key^="stop:"]');
    await sleep(6000 - (Date.now() - startedAt));
    await (await button(popup, 'Stop'))!.click();
    const stoppedAt = Date.now();
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    // mediabunny's file: its own fragments gone, media in one mdat after the moov.
    expect(readFileSync(file).includes(Buffer.from('moof'))).toBe(false);
    const player = await session.browser.newPage();
    await expectSeekableRecording(
      file,
      {
        streams: ['audio:opus', 'video:h264'],
        recorded: { page, pressedAt: startedAt, stoppedAt },
        tolerance: 0.5,
        kind: 'video',
      },
      { page: player, origins },
    );
    await player.close();
    await page.close();
  });

  it('records a video without a sound track as a video-only file', async () => {
    const page = await openPlaying('/video.html');
    await playInstead(page, '/media/video-only.webm');
    const { popup, file, recordedSeconds } = await recordFor(page, 3);
    const probed = probeFile(file);
    expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.width}x${stream.height}`)).toEqual([
      'video:480x270',
    ]);
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.6);
    await popup.close();
    await page.close();
  });

  it('records a video that had not loaded yet, and an <audio> without controls, at once', async () => {
    const page = await session.browser.newPage();
    await page.goto(`${origins.page}/waiting.html`);
    await page.waitForFunction(() => document.querySelector('audio')!.currentTime > 0.3);
    expect(await page.$eval('video', (video) => video.readyState)).toBe(HAVE_NOTHING);
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForFunction(() =>
      /Not loaded yet[\s\S]*Background music/.test(document.querySelector('#media-list')?.textContent ?? ''),
    );
    await (await button(popup, 'Record'))!.click();
    const videoPressedAt = Date.now();
    await popup.waitForSelector('[data-key^="stop:"]');
    // Each recorder's own start, read before the page starts the next one.
    const video = await recorderStart({ page, pressedAt: videoPressedAt });
    await (await button(popup, 'Record'))!.click();
    const audioPressedAt = Date.now();
    await popup.waitForFunction(() => document.querySelectorAll('[data-key^="stop:"]').length === 2);
    const audio = await recorderStart({ page, pressedAt: audioPressedAt, after: video.startedAt });
    console.info(
      `Chromium, waiting page: the recorders started ${video.lateMs} ms and ${audio.lateMs} ms after their Record`,
    );
    await sleep(4000);
    const stopFirst = () => popup.$eval('[data-key^="stop:"]', (stop) => (stop as HTMLButtonElement).click());
    await stopFirst();
    const videoSeconds = (Date.now() - video.startedAt) / 1000;
    const videoFile = await waitForDownload(session.downloads, before);
    await popup.waitForFunction(() => document.querySelectorAll('[data-key^="stop:"]').length === 1);
    await stopFirst();
    const audioSeconds = (Date.now() - audio.startedAt) / 1000;
    const audioFile = await waitForDownload(session.downloads, [...before, path.basename(videoFile)]);
    expectWaitingPageRecordings({ videoFile, videoSeconds, audioFile, audioSeconds }, 'Chromium');
    await popup.close();
    await page.close();
  });

  it('records only the sound of a video with "Audio only"', async () => {
    const { page, popup, file, recordedSeconds } = await recordFor(await openPlaying('/video.html'), 3, 'Audio only');
    expect(file).toMatch(/\.m4a$/);
    const probed = probeFile(file);
    expect(probed.streams.map((stream) => stream.codec_type)).toEqual(['audio']);
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.5);
    await popup.close();
    await page.close();
  });

  it('applies the settings page to the next recording: format and file name template', async () => {
    const options = await session.browser.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    await options.waitForSelector('input[name="format"][value="webm"]');
    // Only what this browser records is offered.
    const formats = await options.$$eval('input[name="format"]', (inputs) =>
      inputs.map((input) => (input as HTMLInputElement).value),
    );
    expect(formats).toEqual(['auto', 'mp4', 'webm']);
    // Saved recordings are kept 30 days / 5 GB unless the user says otherwise.
    expect(await options.$eval('#keep-days', (input) => (input as HTMLInputElement).value)).toBe('30');
    expect(await options.$eval('#keep-gigabytes', (input) => (input as HTMLInputElement).value)).toBe('5');
    await options.click('input[name="format"][value="webm"]');
    await options.click('input[name="quality"][value="high"]');
    const template = (await options.$('#file-name-template'))!;
    await template.click({ count: 3 });
    await template.type('{site} - {title}');
    await options.keyboard.press('Tab');
    await options.waitForFunction(() => document.getElementById('saved')?.textContent === 'Saved.');
    expect(await options.$eval('#file-name-preview', (output) => output.textContent)).toBe(
      'example.com - Page title.webm',
    );
    await options.close();

    const { page, popup, file } = await recordFor(await openPlaying('/video.html'), 3);
    expect(path.basename(file)).toBe('127.0.0.1 - Test clip colour bars tone.webm');
    const probed = probeFile(file);
    expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual([
      'audio:opus',
      'video:vp9',
    ]);
    expect(hasSeekIndex(file)).toBe(true);
    await popup.close();

    // Back to the defaults for the other tests.
    await resetSettings(session);
    await page.close();
  });

  it('lists recordings in the library, plays one, and deletes it', async () => {
    const library = await session.browser.newPage();
    await library.goto(`chrome-extension://${session.extensionId}/pages/library/library.html`);
    await library.waitForSelector('[data-state="saved"]');
    const titles = await library.$$eval('.recording h2', (headings) => headings.map((heading) => heading.textContent));
    expect(titles.some((title) => title?.startsWith('Test clip colour bars tone'))).toBe(true);
    expect(await library.$eval('#storage', (element) => element.textContent)).toMatch(
      /[\d.]+ (kB|MB) used by recordings/,
    );

    // A recording finished by remux has no index to cut: its player says so instead of offering a section.
    const remuxed = await library.$$eval(
      '.recording',
      (items) =>
        (items as HTMLElement[]).find((item) => item.querySelector('h2')?.textContent?.startsWith('Fallback '))?.dataset
          .recording,
    );
    expect(remuxed).toBeDefined();
    await library.click(`[data-key="play:${remuxed}"]`);
    const cannotCut = await library.waitForSelector(`[data-recording="${remuxed}"] .section-editor.notice`);
    expect(await cannotCut!.evaluate((notice) => notice.textContent)).toMatch(/^This recording cannot be cut: /);
    expect(await library.$(`[data-recording="${remuxed}"] [role="slider"]`)).toBeNull();

    const first = await library.$eval('[data-state="saved"]', (element) => (element as HTMLElement).dataset.recording!);
    await library.click(`[data-key="play:${first}"]`);
    const duration = await library.waitForFunction(
      (id) => {
        const media = document.querySelector<HTMLMediaElement>(`[data-recording="${id}"] :is(video, audio)`);
        return media && media.readyState >= 1 && media.duration;
      },
      {},
      first,
    );
    expect(Number.isFinite(await duration.jsonValue())).toBe(true);

    library.once('dialog', (dialog) => void dialog.accept());
    await library.click(`[data-key="delete:${first}"]`);
    await library.waitForFunction((id) => !document.querySelector(`[data-recording="${id}"]`), {}, first);
    const left = await library.evaluate(async (id) => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('recordings');
      const names: string[] = [];
      for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return names.filter((name) => name.startsWith(id));
    }, first);
    expect(left).toEqual([]);
    await library.close();
  });

  it('would fail on an unhandled rejection of the background or a content script', async () => {
    // The test build rejects once in each on this address: the session must see both, and
    // forget them here, or closing the session would fail this file.
    const page = await session.browser.newPage();
    await page.goto(`${origins.page}/empty.html${REJECT_FOR_TEST_QUERY}`);
    const popup = await openPopup(session, page);
    await popup.waitForSelector('#empty:not([hidden])');
    // The content script is in the page now; the popup would close as the check opens a tab.
    await popup.close();
    const seen: string[] = [];
    const take = async () => (seen.push(...(await takeUnhandledRejections(session))), seen.length);
    await expect.poll(take, { timeout: 10_000 }).toBe(2);
    expect(seen.join('\n')).toMatch(/^background: .*in the background/m);
    expect(seen.join('\n')).toMatch(/^content: .*in the content script/m);
    await page.close();
  });

  it('says so when the page has no video or audio, and shows the shortcut', async () => {
    const page = await session.browser.newPage();
    await page.goto(`${origins.page}/empty.html`);
    const popup = await openPopup(session, page);
    await popup.waitForSelector('#empty:not([hidden])');
    expect(await popupText(popup)).toContain('No video or audio on this page.');
    expect(await popup.$$('main button')).toHaveLength(0);
    // As the browser has it set (Chromium keeps Alt+Shift+R for itself).
    await popup.waitForFunction(() => document.querySelector('#shortcut')?.textContent?.includes('Alt+Shift+E'));
    await popup.close();
    await page.close();
  });

  it('refuses a cross-origin video without CORS with a clear message and saves nothing', async () => {
    const page = await openPlaying('/cross-origin.html');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await button(popup, 'Record');
    expect(await popupText(popup)).toContain('another site');
    await (await button(popup, 'Record'))!.click();
    await popup.waitForSelector('#notice:not([hidden])');
    expect(await popup.$eval('#notice', (element) => element.textContent)).toMatch(/another site.*own tab/);
    // The extension stays usable: the item can be tried again, and nothing was saved.
    await button(popup, 'Record');
    await sleep(1500);
    expect(listDownloads(session.downloads)).toEqual(before);
    await popup.close();
    await page.close();
  });

  it('refuses a DRM-protected video (Clear Key) with a clear message and saves nothing', async () => {
    const page = await openPlaying('/drm.html');
    expect(await page.$eval('video', (video) => video.mediaKeys !== null)).toBe(true);
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForFunction(() => document.querySelector('#media-list')?.textContent?.includes('protected (DRM)'));
    await (await button(popup, 'Record'))!.click();
    await popup.waitForSelector('#notice:not([hidden])');
    expect(await popup.$eval('#notice', (element) => element.textContent)).toContain('protected (DRM)');
    expect(await popup.$('[data-key^="stop:"]')).toBeNull();
    await sleep(1500);
    expect(listDownloads(session.downloads)).toEqual(before);
    await popup.close();
    await page.close();
  });

  it('explains that browser pages cannot be recorded', async () => {
    const page = await session.browser.newPage();
    await page.goto('chrome://version');
    const popup = await openPopup(session, page);
    await popup.waitForSelector('#notice:not([hidden])');
    expect(await popup.$eval('#notice', (element) => element.textContent)).toContain(
      'does not let extensions run on it',
    );
    expect(await popup.$eval('#empty', (element) => (element as HTMLElement).hidden)).toBe(true);
    await popup.close();
    await page.close();
  });
});
