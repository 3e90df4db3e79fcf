/**
 * Firefox ESR, headful under Xvfb: the library and the settings page, extension pages in
 * tabs of their own that no Firefox test driver can reach. Each is opened from the popup's
 * button and worked by keyboard with xdotool, as a person does; the test build reports what
 * it shows into the web page (src/pages/test-reporter.ts). Files judged with ffprobe.
 */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, openAlone, openExtensionPage, openPopup, type FirefoxSession } from './support/firefox';
import { secondsRecorded } from './support/expect-recording';
import { listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';

let origins: TestOrigins;
let session: FirefoxSession;

startBrowserForFile(launchFirefox, (started, launched) => ([origins, session] = [started, launched]));

const openPlaying = (pagePath: string): Promise<Page> => openAlone(session, `${origins.page}${pagePath}`);

/**
 * Records the page's video for about `seconds` from the popup; returns the file and the
 * time from the recorder's start to Stop.
 */
async function recordFor(page: Page, seconds: number): Promise<{ file: string; recordedSeconds: number }> {
  const before = listDownloads(session.downloads);
  const popup = await openPopup(session, page);
  await popup.waitForText(/clip\.webm[\s\S]*Record/);
  const startedAt = await popup.press('Record');
  await popup.waitForText(/Recording · /);
  await sleep(seconds * 1000 - (Date.now() - startedAt));
  const stoppedAt = await popup.press('Stop');
  const file = await waitForDownload(session.downloads, before);
  await popup.close();
  const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
  console.info(
    `firefox pages: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s`,
  );
  return { file, recordedSeconds };
}

/** "1.2 MB used by recordings" → 1200000. */
function usedBytes(text: string): number {
  const match = /([\d.,]+)\s*(B|kB|MB|GB)\s+used by recordings/.exec(text);
  if (!match) throw new Error(`no storage figure in:\n${text}`);
  const unit = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 }[match[2] as 'B' | 'kB' | 'MB' | 'GB'];
  return Number(match[1]!.replace(/,/g, '')) * unit;
}

describe('Firefox: the library and the settings page, by keyboard', () => {
  it('lists a recording in the library, plays it, downloads it again, and deletes it with its data', async () => {
    const page = await openPlaying('/video.html');
    const { file, recordedSeconds } = await recordFor(page, 3);
    const name = path.basename(file);

    const library = await openExtensionPage(session, page, 'library');
    const listed = await library.waitForText(/Test clip colour bars tone[\s\S]*Saved[\s\S]*Play/);
    expect(listed).toContain(name);
    const usedBefore = usedBytes(listed);
    expect(usedBefore).toBeGreaterThan(0);

    // Play: the library's own player loads the file, with a finite length close to the recording's.
    await library.focus(/^Play$/);
    await library.key('Return');
    const media = await library.waitFor('media', /^video ready=[1-4] duration=[\d.]+ /);
    const duration = Number(/duration=([\d.]+)/.exec(media)![1]);
    expect(Math.abs(duration - recordedSeconds)).toBeLessThan(1);

    // Download again: a second copy of the same file.
    const before = listDownloads(session.downloads);
    await library.focus(/^Download$/);
    await library.key('Return');
    const again = await waitForDownload(session.downloads, before);
    expect(path.basename(again)).not.toBe(name);
    expect(Math.abs(probeFile(again).mediaDuration - probeFile(file).mediaDuration)).toBeLessThan(0.05);

    // Delete, confirmed in the browser's dialog with Return: the entry and its stored data go.
    // Firefox's confirm() dialog tells the page nothing when it opens (no blur): Return
    // until the list is empty (a Return before the dialog is shown is lost or opens it again).
    await library.focus(/^Delete$/);
    await library.keyForDialog('Return');
    let emptied = '';
    for (let tries = 0; tries < 4 && !emptied; tries++) {
      await library.keyForDialog('Return');
      emptied = await library.waitForText(/No recordings yet\./, 4000).catch(() => '');
    }
    expect(emptied).not.toContain(name);
    // The finished file is composed of the stored slices: Firefox frees their files once the
    // last Blob of them (the player's, the saves') is collected, which an idle browser may do
    // a minute or more later (twice in 13 runs, not within 45 s), and the library looks at
    // its figure again for three minutes after a deletion.
    await library.waitForText(/used by recordings/);
    const deletedAt = Date.now();
    const deadline = deletedAt + 150_000;
    let usedAfter = usedBytes(await library.text());
    while (usedAfter >= usedBefore - 100_000 && Date.now() < deadline) {
      await sleep(1000);
      usedAfter = usedBytes(await library.text());
    }
    expect(usedAfter).toBeLessThan(usedBefore - 100_000);
    console.info(`firefox library: storage freed ${((Date.now() - deletedAt) / 1000).toFixed(0)} s after the deletion`);
    await library.close();
  }, 240_000);

  // Last in this file: it leaves the settings changed.
  it('applies the settings page to the next recording: format and file name template', async () => {
    const page = await openPlaying('/video.html');
    const options = await openExtensionPage(session, page, 'options');
    const shown = await options.waitForText(/File format[\s\S]*Automatic[\s\S]*WebM/);
    // Only what this browser records is offered: no MP4 in Firefox.
    expect(shown).not.toMatch(/MP4/);

    // A radio group takes one Tab, at its checked choice; an arrow key picks the next.
    await options.focus(/^\[x\] Automatic/);
    await options.key('Down');
    await options.waitFor('focused', /^\[x\] WebM/);
    await options.waitForText(/Saved\./);

    await options.focus(/^Name template: /);
    await options.key('ctrl+a');
    await options.type('{site} - {title}');
    await options.waitForText(/example\.com - Page title\.webm/);
    // Leaving the field commits it (its change event saves).
    await options.key('Tab');
    await options.waitFor('focused', /^(?!Name template)/);
    await options.close();

    const { file, recordedSeconds } = await recordFor(page, 3);
    expect(path.basename(file)).toBe('127.0.0.1 - Test clip colour bars tone.webm');
    const probed = probeFile(file);
    expect(probed.formatName).toContain('webm');
    expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual([
      'audio:opus',
      'video:vp8',
    ]);
    expect(Math.abs(probed.mediaDuration - recordedSeconds)).toBeLessThan(1);
  });
});
