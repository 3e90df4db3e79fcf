/**
 * Firefox, a player that switches its element to another source while it is recorded
 * (640×360, then 320×240, then back, as a playlist or an ad break does): one file holding
 * every source by default, one file per source when Settings say so. The popup and the
 * settings page are worked with the keyboard, in the real browser UI.
 */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, openAlone, openExtensionPage, openPopup, type FirefoxSession } from './support/firefox';
import { recorderStart } from './support/expect-recording';
import { listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import { playInstead } from './support/play-instead';
import type { TestOrigins } from './support/server';
import { expectFilePerSource, expectJoinedFile, LAST_SOURCE_MS, SWITCHES } from './support/source-switches';
import { startBrowserForFile } from './support/test-browser';

let origins: TestOrigins;
let session: FirefoxSession;

startBrowserForFile(launchFirefox, (started, launched) => ([origins, session] = [started, launched]));

interface SwitchRun {
  page: Page;
  before: string[];
  /** The popup's text just before Stop. */
  shown: string;
  recordedSeconds: number;
}

/**
 * Records the video page while it switches sources (SWITCHES), and presses Stop in the
 * popup once it shows `recording` (the latest source recording).
 */
async function recordAcrossSwitches(recording: RegExp): Promise<SwitchRun> {
  const page = await openAlone(session, `${origins.page}/video.html`);
  const before = listDownloads(session.downloads);
  let popup = await openPopup(session, page);
  await popup.waitForText(/clip\.webm[\s\S]*Record/);
  const pressedAt = await popup.press('Record');
  await popup.waitForText(/Recording/);
  await popup.close();
  // The first recorder's own start, read before a switch starts the next part's.
  const { startedAt, lateMs } = await recorderStart({ page, pressedAt });
  console.info(`Firefox, source switches: the recorder started ${lateMs} ms after Record`);
  for (const { source, afterMs } of SWITCHES) {
    await sleep(afterMs);
    await playInstead(page, source);
  }
  await sleep(LAST_SOURCE_MS);
  popup = await openPopup(session, page);
  const shown = await popup.waitForText(recording);
  const stoppedAt = await popup.press('Stop');
  await popup.close();
  return { page, before, shown, recordedSeconds: (stoppedAt - startedAt) / 1000 };
}

describe('Firefox: a recording across the page switching sources', () => {
  it('keeps one file by default, holding both sizes, less the time the page took to switch', async () => {
    // One recording, of all three sources: part 3 recording.
    const run = await recordAcrossSwitches(/Recording · 0:1\d[\s\S]*3 sources in one file/);
    const notes: string[] = [];
    const file = await waitForDownload(session.downloads, run.before);
    // Every Cluster of the parts got a new header, each range of the slice files its own
    // part of the Blob: the file was copied into one before it was saved (Firefox's parent
    // would have held it all in memory).
    const copies = () => {
      notes.push(...session.takeNotes());
      return notes.filter((note) => note.startsWith('flat-copy'));
    };
    await expect.poll(copies).toEqual([expect.stringMatching(/^flat-copy (9|[1-9]\d+)$/)]);
    await sleep(1500);
    expect(listDownloads(session.downloads).filter((name) => !run.before.includes(name))).toEqual([
      path.basename(file),
    ]);
    // Once saved, the popup shows one recording, with its parts.
    const popup = await openPopup(session, run.page);
    await popup.waitForText(/Saved[\s\S]*3 sources in one file/);
    await popup.close();

    await expectJoinedFile(file, run, ['audio:opus', 'video:vp8'], origins);

    // Played in the library from a copy in one file too, of the whole length.
    const library = await openExtensionPage(session, run.page, 'library');
    await library.waitForText(/3 sources in one file[\s\S]*Play/);
    await library.focus(/^Play$/);
    await library.key('Return');
    const media = await library.waitFor('media', /^video ready=[1-4] duration=[\d.]+ /);
    expect(Math.abs(Number(/duration=([\d.]+)/.exec(media)![1]) - probeFile(file).containerDuration!)).toBeLessThan(
      0.5,
    );
    await expect
      .poll(copies)
      .toEqual([expect.stringMatching(/^flat-copy \d+$/), expect.stringMatching(/^flat-copy-play \d+$/)]);
    await library.close();
    await run.page.close();
  });

  // Last in this file: it leaves the settings changed.
  it('saves a file per source when Settings say so', async () => {
    const page = await openAlone(session, `${origins.page}/video.html`);
    const options = await openExtensionPage(session, page, 'options');
    await options.waitForText(/When the page switches to another source/);
    // A radio group takes one Tab, at its checked choice; an arrow key picks the next.
    await options.focus(/^\[x\] Keep one file/);
    await options.key('Down');
    await options.waitFor('focused', /^\[x\] Save a file per source/);
    await options.waitForText(/Saved\./);
    await options.close();
    await page.close();

    // The third source recording as a recording of its own.
    const run = await recordAcrossSwitches(/Recording · 0:0[2-9]/);
    await expectFilePerSource(session.downloads, run, 'webm');
    await run.page.close();
  });
});
