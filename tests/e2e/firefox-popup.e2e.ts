/**
 * Firefox ESR, headful under Xvfb, as a keyboard user: open the popup with its shortcut,
 * Tab to a button, press Return; judge the downloaded file with ffprobe.
 */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, openAlone, openPopup, type FirefoxSession } from './support/firefox';
import {
  expectSeekableRecording,
  expectWaitingPageRecordings,
  HAVE_NOTHING,
  recorderStart,
  secondsRecorded,
} from './support/expect-recording';
import {
  avEndOffsetMs,
  blackSeconds,
  listDownloads,
  meanVolume,
  probeFile,
  sleep,
  waitForDownload,
  webmCuesBeforeClusters,
} from './support/media-file';
import { playInstead } from './support/play-instead';
import { saveSectionInFirefox, shownStartSeconds } from './support/library-section';
import { expectSavedSection } from './support/section-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';
import { REJECT_FOR_TEST_QUERY } from './support/unhandled';
import { addVideo, ADDED_TITLE, contentCounts, expectNoWatchAfterClose } from './support/told';

let origins: TestOrigins;
let session: FirefoxSession;

startBrowserForFile(launchFirefox, (started, launched) => ([origins, session] = [started, launched]));

/**
 * A fresh tab for each test: the popup lists the recordings made in its tab, and a list
 * growing from test to test would only make each button longer to reach by keyboard.
 */
const openPage = (path: string, playing = true): Promise<Page> => openAlone(session, `${origins.page}${path}`, playing);

describe('Firefox: recording from the toolbar popup', () => {
  it('records 20 s of a video with sound, carries on with the popup closed, and saves a seekable WebM', async () => {
    const page = await openPage('/video.html');
    const before = listDownloads(session.downloads);

    let popup = await openPopup(session, page);
    await popup.waitForText(/clip\.webm[\s\S]*Record/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    await popup.close();

    await sleep(5000);
    popup = await openPopup(session, page);
    // 4 s on at least (the popup may take seconds to open on a busy machine), before the 20 s.
    const text = await popup.waitForText(/Recording · 0:(0[4-9]|1\d) · [1-9][\d.]* (kB|MB)/);
    expect(text).toContain('Stop');
    // Reached before the 20 s are up, so that Stop is pressed at 20 s.
    await popup.focus('Stop');
    await sleep(20_000 - (Date.now() - startedAt));
    const stoppedAt = await popup.press('Stop');

    const file = await waitForDownload(session.downloads, before);
    const savedAfterMs = Date.now() - stoppedAt;
    const { seconds: recordedSeconds } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    console.info(
      `firefox: Stop → file ${savedAfterMs} ms for ${recordedSeconds.toFixed(1)} s, A/V end offset ${avEndOffsetMs(file)} ms`,
    );
    expect(file).toMatch(/Test clip colour bars tone \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.webm$/);
    const saved = await popup.waitForText(/Saved · 0:(19|2\d)[\s\S]*Show in folder/);
    expect(saved).toContain(file.split('/').pop()!);
    await popup.close();

    const probed = await expectSeekableRecording(
      file,
      {
        streams: ['audio:opus', 'video:vp8'],
        recorded: { page, pressedAt: startedAt, stoppedAt },
        tolerance: 0.5,
        kind: 'video',
      },
      { page, origins },
    );
    expect(probed.formatName).toContain('webm');
    // Finished by index only: a new header with Cues before the recorded Clusters.
    expect(webmCuesBeforeClusters(file)).toBe(true);
    expect(probed.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 640, height: 360 });
    // Two ranges of its slice file and two new headers: saved from disk as it is, no copy made.
    expect(session.takeNotes().filter((note) => note.startsWith('flat-copy'))).toEqual([]);

    // In the library, 5 s–12 s of it saved as a file of its own, cut without re-encoding (#18).
    const section = await saveSectionInFirefox(session, page, file);
    expect(path.basename(section.file)).toMatch(/^Test clip colour bars tone .*\.webm$/);
    await expectSavedSection(
      {
        original: file,
        section: section.file,
        startSeconds: 5,
        endSeconds: 12,
        shownStartSeconds: shownStartSeconds(section.summary),
        streams: ['audio:opus', 'video:vp8'],
      },
      { page, origins },
    );
  });

  it('still saves a seekable file by remux when the index-only path refuses', async () => {
    const page = await openPage('/video.html');
    // The test build's index refuses recordings of a page with this in its title.
    await page.evaluate(() => (document.title = 'Fallback refuse-index-for-test'));
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/clip\.webm[\s\S]*Record/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    await sleep(6000 - (Date.now() - startedAt));
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    // The remux writes its Cues after the Clusters; the index-only header, before them.
    expect(webmCuesBeforeClusters(file)).toBe(false);
    await expectSeekableRecording(
      file,
      {
        streams: ['audio:opus', 'video:vp8'],
        recorded: { page, pressedAt: startedAt, stoppedAt },
        tolerance: 0.5,
        kind: 'video',
      },
      { page, origins },
    );
  });

  it('records 20 s of an <audio> element as a seekable audio-only file', async () => {
    const page = await openPage('/audio.html');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/tone\.webm/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    await popup.focus('Stop');
    await sleep(20_000 - (Date.now() - startedAt));
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    expect(file).toMatch(/\.(webm|ogg)$/);
    await popup.close();
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
  });

  it('records a video that had not loaded yet, and an <audio> without controls, at once', async () => {
    const page = await openPage('/waiting.html', false);
    await page.waitForFunction(() => document.querySelector('audio')!.currentTime > 0.3);
    expect(await page.$eval('video', (video) => video.readyState)).toBe(HAVE_NOTHING);
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/Not loaded yet[\s\S]*Background music/);
    const videoPressedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    // Each recorder's own start, read before the page starts the next one.
    const video = await recorderStart({ page, pressedAt: videoPressedAt });
    const audioPressedAt = await popup.press('Record');
    await popup.waitForText(/Recording[\s\S]*Recording/);
    const audio = await recorderStart({ page, pressedAt: audioPressedAt, after: video.startedAt });
    console.info(
      `Firefox, waiting page: the recorders started ${video.lateMs} ms and ${audio.lateMs} ms after their Record`,
    );
    await sleep(4000);
    const videoSeconds = ((await popup.press('Stop')) - video.startedAt) / 1000;
    const videoFile = await waitForDownload(session.downloads, before);
    const audioSeconds = ((await popup.press('Stop')) - audio.startedAt) / 1000;
    const audioFile = await waitForDownload(session.downloads, [...before, path.basename(videoFile)]);
    await popup.close();
    expectWaitingPageRecordings({ videoFile, videoSeconds, audioFile, audioSeconds }, 'Firefox');
  });

  it('records only the sound of a video with "Audio only"', async () => {
    const page = await openPage('/video.html');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/clip\.webm[\s\S]*Audio only/);
    const startedAt = await popup.press('Audio only');
    await popup.waitForText(/Recording/);
    await sleep(4000);
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    expect(file).toMatch(/\.(webm|ogg)$/);
    const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    const probed = probeFile(file);
    console.info(
      `Firefox, audio only: the recorder started ${lateMs} ms after the press; recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s`,
    );
    expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`)).toEqual(['audio:opus']);
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.5);
    await popup.close();
  });

  it('records the sound of a muted, zero-volume element (capture ignores its volume)', async () => {
    const page = await openPage('/video.html');
    await page.evaluate(() => {
      const video = document.querySelector('video')!;
      video.muted = true;
      video.volume = 0;
    });
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/clip\.webm[\s\S]*Record/);
    await popup.press('Record');
    await popup.waitForText(/Recording/);
    await sleep(5000);
    // No false alarm about the sound, whatever the sound check could measure.
    expect(await popup.text()).not.toMatch(/No sound/);
    await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    expect(meanVolume(file)).toBeGreaterThan(-40);
  });

  it('says when a recording gets only silence and black, while recording and once saved', async () => {
    const page = await openPage('/video.html');
    await playInstead(page, '/media/black-silent.webm');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/black-silent\.webm[\s\S]*Record/);
    await popup.press('Record');
    // Only the picture: Firefox runs no Web Audio on a machine without a sound device, as
    // here, and the sound check then gives no verdict rather than a false one.
    await popup.waitForText(/Only a black picture captured so far/);
    await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.waitForText(/This recording is black/);
    await popup.close();
    // The warnings tell the truth about the file.
    expect(meanVolume(file)).toBeLessThan(-80);
    expect(blackSeconds(file)).toBeGreaterThan(probeFile(file).containerDuration! - 0.5);
  });

  it('records a video without a sound track as a video-only file', async () => {
    const page = await openPage('/video.html');
    await playInstead(page, '/media/video-only.webm');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/video-only\.webm[\s\S]*Record/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    await sleep(3000 - (Date.now() - startedAt));
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    const probed = probeFile(file);
    console.info(
      `Firefox, video only: the recorder started ${lateMs} ms after the press; recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s`,
    );
    expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.width}x${stream.height}`)).toEqual([
      'video:480x270',
    ]);
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.6);
  });

  it('pauses and resumes, and the pause is not in the file', async () => {
    const page = await openPage('/video.html');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/clip\.webm[\s\S]*Record/);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording · /);
    await sleep(1500 - (Date.now() - startedAt));
    const pausedAt = await popup.press('Pause');
    await popup.waitForText(/Paused · /);
    await sleep(3000 - (Date.now() - pausedAt));
    const resumedAt = await popup.press('Resume');
    await popup.waitForText(/Recording · /);
    await sleep(1500 - (Date.now() - resumedAt));
    const stoppedAt = await popup.press('Stop');
    const file = await waitForDownload(session.downloads, before);
    await popup.close();
    // Timed from the Return presses (reaching a button by Tab takes a second or two), and
    // from the recorder's own start: from there to Stop, less the time from Pause to Resume.
    const { seconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    const pausedSeconds = (resumedAt - pausedAt) / 1000;
    const recordedSeconds = seconds - pausedSeconds;
    const probed = probeFile(file);
    console.info(
      `${file}: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s, paused ${pausedSeconds.toFixed(2)} s`,
    );
    console.info(`media ${probed.mediaDuration} s`);
    expect(pausedSeconds).toBeGreaterThanOrEqual(3);
    expect(Math.abs(probed.mediaDuration - recordedSeconds)).toBeLessThan(1);
  });

  it('finds media in closed shadow roots and media added later', async () => {
    const page = await openPage('/shadow.html?late=500', false);
    await page.waitForSelector('audio');
    const popup = await openPopup(session, page);
    const text = await popup.waitForText(/Shadow clip[\s\S]*Late tone/);
    expect(text.match(/Record/g)).toHaveLength(2);
    await popup.close();
  });

  it('is told, not polling: lists a video the page adds at once, and a state change, with one injection per opening', async () => {
    const page = await openPage('/video.html');
    const popup = await openPopup(session, page);
    await popup.waitForText(/clip\.webm[\s\S]*Record/);
    expect((await contentCounts(page)).runs).toBe(1);
    // The popup's reports reach the page through the background: the time noted here is an upper bound.
    const notePopupShows = (pattern: RegExp) =>
      page.evaluate((source) => {
        const noted = globalThis as unknown as { shownAt?: number };
        noted.shownAt = undefined;
        const observer = new MutationObserver(() => {
          if (!new RegExp(source).test(document.documentElement.dataset.mediaRecorderPopup ?? '')) return;
          noted.shownAt = Date.now();
          observer.disconnect();
        });
        observer.observe(document.documentElement, {
          attributes: true,
          attributeFilter: ['data-media-recorder-popup'],
        });
      }, pattern.source);
    const shownAt = async () =>
      (
        await page.waitForFunction(() => (globalThis as unknown as { shownAt?: number }).shownAt, { timeout: 2000 })
      ).jsonValue() as Promise<number>;

    await notePopupShows(new RegExp(ADDED_TITLE));
    const addedAt = await addVideo(page);
    const listedMs = (await shownAt()) - addedAt;

    await popup.press('Record');
    await popup.waitForText(/Recording · /);
    await sleep(1500);
    await notePopupShows(/Paused · /);
    const pressedAt = await popup.press('Pause');
    const pausedMs = (await shownAt()) - pressedAt;
    await popup.press('Stop');
    await popup.waitForText(/Saved · /);

    const counts = await contentCounts(page);
    console.info(
      `Firefox, told not polling: video added → listed in ${listedMs} ms; Pause → "Paused" in ${pausedMs} ms ` +
        `(both through the test relay); content script runs ${counts.runs}, media walks ${counts.walks}`,
    );
    expect(listedMs).toBeLessThan(2000);
    expect(counts.runs).toBe(1);
    await expectNoWatchAfterClose(popup, page);
  });

  it('would fail on an unhandled rejection of the background', async () => {
    // The test build rejects in its background on this address (Firefox fires no
    // `unhandledrejection` in content scripts): the session must see it, and forget it here.
    const page = await openPage(`/empty.html${REJECT_FOR_TEST_QUERY}`, false);
    const popup = await openPopup(session, page);
    await popup.waitForText(/No video or audio on this page\./);
    const seen: string[] = [];
    await expect
      .poll(() => (seen.push(...session.takeUnhandledRejections()), seen.join('\n')), { timeout: 10_000 })
      .toMatch(/background: .*in the background/);
    expect(seen).toHaveLength(1);
    await popup.close();
  });

  it('says so when the page has no video or audio', async () => {
    const page = await openPage('/empty.html', false);
    const popup = await openPopup(session, page);
    const text = await popup.waitForText(/No video or audio on this page\./);
    expect(text).not.toContain('Record');
    await popup.close();
  });

  it('refuses a cross-origin video without CORS with a clear message and saves nothing', async () => {
    const page = await openPage('/cross-origin.html');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/another site[\s\S]*Record/);
    await popup.press('Record');
    const text = await popup.waitForText(/another site[\s\S]*own tab[\s\S]*another site/);
    expect(text).not.toMatch(/Recording ·/);
    await sleep(2000);
    expect(listDownloads(session.downloads)).toEqual(before);
    await popup.close();
  });

  it('refuses a DRM-protected video (Clear Key) with a clear message and saves nothing', async () => {
    const page = await openPage('/drm.html');
    expect(await page.$eval('video', (video) => video.mediaKeys !== null)).toBe(true);
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/protected \(DRM\)[\s\S]*Record/);
    await popup.press('Record');
    await sleep(1500);
    const text = await popup.text();
    expect(text).toContain('protected (DRM)');
    expect(text).not.toMatch(/Recording ·/);
    expect(listDownloads(session.downloads)).toEqual(before);
    await popup.close();
  });
});
