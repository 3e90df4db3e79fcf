/**
 * Chromium, a player that switches its element to another source while it is recorded
 * (640×360, then 320×240, then back, as a playlist or an ad break does): one file holding
 * every source by default, one file per source when Settings say so.
 */

import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchChromium, openPopup, resetSettings, type ChromiumSession } from './support/chromium';
import { recorderStart } from './support/expect-recording';
import { listDownloads, sleep, waitForDownload } from './support/media-file';
import { playInstead } from './support/play-instead';
import type { TestOrigins } from './support/server';
import { expectFilePerSource, expectJoinedFile, LAST_SOURCE_MS, SWITCHES } from './support/source-switches';
import { startBrowserForFile } from './support/test-browser';

let origins: TestOrigins;
let session: ChromiumSession;

startBrowserForFile(launchChromium, (started, launched) => ([origins, session] = [started, launched]));

interface SwitchRun {
  page: Page;
  /** The popup, open after Stop was pressed in it. */
  popup: Page;
  before: string[];
  /** The popup's text just before Stop. */
  shown: string;
  recordedSeconds: number;
}

const button = (popup: Page, name: string) =>
  popup.waitForSelector(`::-p-aria([name="${name}"][role="button"])`, { timeout: 10_000 });

/**
 * Records the video page while it switches sources (SWITCHES), and presses Stop in the
 * popup once it shows `recording` (the latest source recording).
 */
async function recordAcrossSwitches(recording: RegExp): Promise<SwitchRun> {
  const page = await session.browser.newPage();
  await page.goto(`${origins.page}/video.html`);
  await page.waitForFunction(() => document.querySelector('video')!.currentTime > 0.3);
  const before = listDownloads(session.downloads);
  const popup = await openPopup(session, page);
  await (await button(popup, 'Record'))!.click();
  const pressedAt = Date.now();
  await popup.waitForSelector('[data-key^="stop:"]');
  await popup.close();
  // The first recorder's own start, read before a switch starts the next part's.
  const { startedAt, lateMs } = await recorderStart({ page, pressedAt });
  console.info(`Chromium, source switches: the recorder started ${lateMs} ms after Record`);
  for (const { source, afterMs } of SWITCHES) {
    await sleep(afterMs);
    await playInstead(page, source);
  }
  await sleep(LAST_SOURCE_MS);
  const again = await openPopup(session, page);
  await again.waitForFunction((source) => new RegExp(source).test(document.body.innerText), {}, recording.source);
  const shown = await again.evaluate(() => document.body.innerText);
  await (await button(again, 'Stop'))!.click();
  const stoppedAt = Date.now();
  return { page, popup: again, before, shown, recordedSeconds: (stoppedAt - startedAt) / 1000 };
}

describe('Chromium: a recording across the page switching sources', () => {
  it('keeps one file by default, holding both sizes, less the time the page took to switch', async () => {
    // One recording, of all three sources: part 3 recording.
    const run = await recordAcrossSwitches(/Recording · 0:1\d[\s\S]*3 sources in one file/);
    const file = await waitForDownload(session.downloads, run.before);
    // Once saved, the popup shows one recording, with its parts.
    await run.popup.waitForFunction(() => /Saved[\s\S]*3 sources in one file/.test(document.body.innerText));
    await run.popup.close();
    await sleep(1500);
    expect(listDownloads(session.downloads).filter((name) => !run.before.includes(name))).toEqual([
      path.basename(file),
    ]);
    await expectJoinedFile(file, run, ['audio:opus', 'video:h264'], origins);
    await run.page.close();
  });

  it('saves a file per source when Settings say so', async () => {
    // After the test, whatever its end: a failure's own error stays the one reported.
    onTestFinished(() => resetSettings(session));
    const options = await session.browser.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    await options.waitForSelector('input[name="sourceChange"][value="file-per-source"]');
    await options.click('input[name="sourceChange"][value="file-per-source"]');
    await options.waitForFunction(() => document.body.innerText.includes('Saved.'));
    await options.close();
    // The third source recording as a recording of its own.
    const run = await recordAcrossSwitches(/Recording · 0:0[2-9]/);
    await expectFilePerSource(session.downloads, run, 'mp4');
    await run.popup.close();
    await run.page.close();
  });
});
