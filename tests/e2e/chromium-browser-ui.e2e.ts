/**
 * Chromium, headful under Xvfb, where the browser's own menus and prompts are real.
 * Recording without the popup, as a person does it: a real right-click on the element with
 * xdotool and the native context menu worked by keyboard; the keyboard shortcut; the
 * toolbar badge read back from the extension. Then a player embedded from another site,
 * which the extension may look into only once the user allows it in the browser's prompt.
 * Files judged by ffprobe.
 *
 * Chromium's menu, opened on a media element, ends with the extension's entry and then
 * "Inspect": Up Up reaches the entry. Alone, it is "Record this video"; while the tab
 * records, it is a "Media Recorder" submenu of Record / Pause / Stop.
 */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { extensionWorker, launchChromium, openPopup, toolbarBadge, type ChromiumSession } from './support/chromium';
import { chooseFromContextMenu, pressKeys, screenCentre, xdotool } from './support/context-menu';
import { secondsRecorded } from './support/expect-recording';
import { listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';

const RECORD = ['Up', 'Up', 'Return'];
const STOP = ['Up', 'Up', 'Right', 'Down', 'Down', 'Return'];
/**
 * The page's menu (on a player's layers over its video) ends with the extension's entry,
 * "View page source" and "Inspect": alone, "Record the video on this page"; while the tab
 * records, the same "Media Recorder" submenu.
 */
const ON_PAGE = { record: ['Up', 'Up', 'Up', 'Return'], stop: ['Up', 'Up', 'Up', 'Right', 'Down', 'Down', 'Return'] };

let origins: TestOrigins;
let session: ChromiumSession;
let display: string;

startBrowserForFile(
  () => launchChromium({ headless: false }),
  (started, launched) => {
    origins = started;
    session = launched;
    display = session.display!;
  },
);

/** Ids of the extension's notifications on screen; clears them. */
async function takeNotifications(): Promise<string[]> {
  return (await extensionWorker(session)).evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: {
          notifications: { getAll(): Promise<Record<string, boolean>>; clear(id: string): Promise<boolean> };
        };
      }
    ).chrome.notifications;
    const ids = Object.keys(await api.getAll());
    for (const id of ids) await api.clear(id);
    return ids;
  });
}

const badge = () => toolbarBadge(session);

async function openPlaying(pagePath: string): Promise<Page> {
  const [page] = await session.browser.pages();
  await page!.goto(`${origins.page}${pagePath}`);
  await page!.bringToFront();
  // (A closed shadow root's video cannot be seen from here: wait for the page's others.)
  await expect
    .poll(async () => {
      let playing = 0;
      for (const frame of page!.frames()) {
        playing += await frame
          .evaluate(
            () =>
              [...document.querySelectorAll('video, audio')].filter(
                (media) => (media as HTMLMediaElement).currentTime > 0.3,
              ).length,
          )
          .catch(() => 0);
      }
      return playing;
    })
    .toBeGreaterThan(0);
  // Clips shorter than a test would end the recording by themselves.
  await page!.evaluate(() =>
    document.querySelectorAll<HTMLMediaElement>('video, audio').forEach((media) => (media.loop = true)),
  );
  return page!;
}

/**
 * Records `element` from its context menu for `seconds`, stops it from the menu, returns the
 * file. `keys`: the menu's own ways to Record and Stop, when it is not the media's menu.
 * `badgeTitle`: what the badge's tooltip must name while it records (the page's title until
 * the recorder has started and the media's is known).
 */
async function recordWithMenu(
  page: Page,
  element: ElementHandle,
  seconds: number,
  { keys = { record: RECORD, stop: STOP }, badgeTitle }: { keys?: typeof ON_PAGE; badgeTitle?: string } = {},
): Promise<{ file: string; recordedSeconds: number }> {
  const before = listDownloads(session.downloads);
  const startedAt = await chooseFromContextMenu(display, page, element, keys.record);
  if (badgeTitle) await expect.poll(badge).toEqual({ text: 'REC', title: `Recording: ${badgeTitle}` });
  else await expect.poll(async () => (await badge()).text).toBe('REC');
  await sleep(seconds * 1000 - (Date.now() - startedAt));
  const stoppedAt = await chooseFromContextMenu(display, page, element, keys.stop);
  const file = await waitForDownload(session.downloads, before);
  // From the recorder's own start: the menu's choice can be answered late.
  const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
  console.info(
    `context menu: the recorder started ${lateMs} ms after the choice; recorded ${recordedSeconds.toFixed(2)} s, file ${probeFile(file).containerDuration?.toFixed(3)} s`,
  );
  return { file, recordedSeconds };
}

describe('Chromium: recording from the context menu, the shortcut, and the badge', () => {
  it('records the exact video right-clicked among two, shows the badge, and stops from the menu', async () => {
    const page = await openPlaying('/two-videos.html');
    const { file, recordedSeconds } = await recordWithMenu(page, (await page.$('#small'))!, 5, {
      badgeTitle: 'Small clip',
    });
    const probed = probeFile(file);
    // The small one is 320×180; the other, 640×360.
    expect(probed.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 320, height: 180 });
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
    // Cleared once the recording stopped.
    await expect.poll(async () => (await badge()).text).toBe('');
    expect((await badge()).title).toBe('Record video or audio on this page');
  });

  it('records a video in a closed shadow root, and one in a frame', async () => {
    let page = await openPlaying('/shadow.html?late=0');
    const shadowed = await recordWithMenu(page, (await page.$('my-player'))!, 3);
    expect(probeFile(shadowed.file).streams.find((stream) => stream.codec_type === 'video')).toMatchObject({
      width: 640,
      height: 360,
    });

    page = await openPlaying('/frames.html');
    const frame = await (await page.$('iframe'))!.contentFrame();
    const framed = await recordWithMenu(page, (await frame!.$('video'))!, 3);
    expect(path.basename(framed.file)).toContain('Video in a frame');
    expect(Math.abs(probeFile(framed.file).containerDuration! - framed.recordedSeconds)).toBeLessThan(1);
  });

  it("records a player whose video its own layers cover, from the page's menu: its main video, then the one right-clicked", async () => {
    const page = await openPlaying('/covered-players.html');
    // The extension is not in the page yet: the page's main video, the larger one.
    const big = await recordWithMenu(page, (await page.$('#big-player .catcher'))!, 3, {
      keys: ON_PAGE,
      badgeTitle: 'Big clip',
    });
    let probed = probeFile(big.file);
    expect(probed.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 640, height: 360 });
    expect(Math.abs(probed.containerDuration! - big.recordedSeconds)).toBeLessThan(1);
    // Now it is, and knows where the right-click was: the smaller one, under its control bar.
    const small = await recordWithMenu(page, (await page.$('#small-player .controls'))!, 3, {
      keys: ON_PAGE,
      badgeTitle: 'Small clip',
    });
    probed = probeFile(small.file);
    expect(probed.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 320, height: 180 });
    expect(Math.abs(probed.containerDuration! - small.recordedSeconds)).toBeLessThan(1);
  });

  it('records an <audio> with visible controls as "Record this audio"', async () => {
    const page = await openPlaying('/audio.html');
    const { file, recordedSeconds } = await recordWithMenu(page, (await page.$('audio'))!, 4);
    const probed = probeFile(file);
    expect(probed.streams.map((stream) => stream.codec_type)).toEqual(['audio']);
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
  });

  it('starts and stops recording the main video with its keyboard shortcut (Alt+Shift+E here: Chromium 156 keeps Alt+Shift+R)', async () => {
    const page = await openPlaying('/two-videos.html');
    const before = listDownloads(session.downloads);
    // Keyboard focus on the page, as after a click on it (the heading: a click on a video
    // would pause it).
    const heading = await screenCentre(page, (await page.$('h1'))!);
    xdotool(display, 'mousemove', String(heading.x), String(heading.y), 'click', '1');
    await sleep(300);
    pressKeys(display, 'alt+shift+e');
    const startedAt = Date.now();
    // The page's title names it until the recorder has started and the media's is known.
    await expect.poll(badge).toEqual({ text: 'REC', title: 'Recording: Big clip' });
    await sleep(4000);
    const stoppedAt = Date.now();
    pressKeys(display, 'alt+shift+e');
    const file = await waitForDownload(session.downloads, before);
    const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    const probed = probeFile(file);
    console.info(
      `shortcut: the recorder started ${lateMs} ms after the keys; recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s`,
    );
    // The main media: the larger of the two.
    expect(probed.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 640, height: 360 });
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
    await expect.poll(async () => (await badge()).text).toBe('');
  });

  it('keeps its menu items when the service worker is stopped', async () => {
    const page = await openPlaying('/video.html');
    await (await extensionWorker(session)).close();
    await sleep(1000);
    const { file, recordedSeconds } = await recordWithMenu(page, (await page.$('video'))!, 3);
    expect(Math.abs(probeFile(file).containerDuration! - recordedSeconds)).toBeLessThan(1);
  });

  it('says in a notification what it cannot record, and saves nothing', async () => {
    await takeNotifications();
    const before = listDownloads(session.downloads);
    // A video from another site without CORS, from the menu.
    let page = await openPlaying('/cross-origin.html');
    await chooseFromContextMenu(display, page, (await page.$('video'))!, RECORD);
    await expect.poll(takeNotifications).toEqual(['problem']);
    // The shortcut on a page without media.
    const [tab] = await session.browser.pages();
    page = tab!;
    await page.goto(`${origins.page}/empty.html`);
    const heading = await screenCentre(page, (await page.$('h1'))!);
    xdotool(display, 'mousemove', String(heading.x), String(heading.y), 'click', '1');
    await sleep(300);
    pressKeys(display, 'alt+shift+e');
    await expect.poll(takeNotifications).toEqual(['problem']);
    expect((await badge()).text).toBe('');
    await sleep(1000);
    expect(listDownloads(session.downloads)).toEqual(before);
  });
});

/** Chromium's permission prompt opens with "Deny" focused: Tab to "Allow", then Return. */
async function allowInBrowserPrompt(): Promise<void> {
  await sleep(1500);
  xdotool(session.display!, 'key', 'Tab');
  await sleep(300);
  xdotool(session.display!, 'key', 'Return');
  await sleep(1000);
}

async function hasAccess(patterns: string[]): Promise<boolean> {
  const worker = await extensionWorker(session);
  return worker.evaluate(
    (wanted) =>
      (
        globalThis as unknown as {
          chrome: { permissions: { contains(query: { origins: string[] }): Promise<boolean> } };
        }
      ).chrome.permissions.contains({ origins: wanted }),
    patterns,
  );
}

describe('Chromium: players embedded from other sites', () => {
  it("asks for access to the embedded player's site from its menu, says so when declined, records it once allowed", async () => {
    const foreignHost = new URL(origins.foreign).hostname;
    const page = await openPlaying('/embedded-player.html');
    expect(await hasAccess([`http://${foreignHost}/*`])).toBe(false);
    const video = (await (await (await page.$('iframe'))!.contentFrame())!.$('video'))!;
    await video.evaluate((element) => ((element as HTMLVideoElement).loop = true));
    await takeNotifications();
    const before = listDownloads(session.downloads);
    // Declined: "Deny" has the focus.
    await chooseFromContextMenu(display, page, video, RECORD);
    await sleep(1500);
    xdotool(display, 'key', 'Return');
    await expect.poll(takeNotifications).toEqual(['problem']);
    expect(await hasAccess([`http://${foreignHost}/*`])).toBe(false);
    expect(listDownloads(session.downloads)).toEqual(before);
    // Allowed: the recording starts at once.
    await chooseFromContextMenu(display, page, video, RECORD);
    await sleep(1500);
    xdotool(display, 'key', 'Tab');
    await sleep(300);
    const startedAt = Date.now();
    xdotool(display, 'key', 'Return');
    await expect.poll(badge).toEqual({ text: 'REC', title: 'Recording: Framed clip' });
    expect(await hasAccess([`http://${foreignHost}/*`])).toBe(true);
    await sleep(3000 - (Date.now() - startedAt));
    const stoppedAt = await chooseFromContextMenu(display, page, video, STOP);
    const probed = probeFile(await waitForDownload(session.downloads, before));
    // From the recorder's own start, in the frame: the prompt's answer can be acted on late.
    const { seconds: recordedSeconds, lateMs } = await secondsRecorded({ page, pressedAt: startedAt, stoppedAt });
    console.info(
      `embedded player, allowed from the prompt: the recorder started ${lateMs} ms after Allow; recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s`,
    );
    expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
    // Given back, for the popup's own way to ask.
    await (
      await extensionWorker(session)
    ).evaluate(
      (pattern) =>
        (
          globalThis as unknown as {
            chrome: { permissions: { remove(query: { origins: string[] }): Promise<boolean> } };
          }
        ).chrome.permissions.remove({ origins: [pattern] }),
      `http://${foreignHost}/*`,
    );
  });

  it('asks for access to the embedding site, then lists and records its video', async () => {
    const foreignHost = new URL(origins.foreign).hostname;
    const [page] = await session.browser.pages();
    await page!.goto(`${origins.page}/embedded-player.html`);
    const frame = await (await page!.waitForSelector('iframe'))!.contentFrame();
    await frame!.waitForFunction(() => document.querySelector('video')!.currentTime > 0.3);

    let popup = await openPopup(session, page!);
    const allow = await popup.waitForSelector(`::-p-aria([name="Allow access to ${foreignHost}"][role="button"])`);
    expect(await popup.$('::-p-aria([name="Record"][role="button"])')).toBeNull();
    expect(await hasAccess([`http://${foreignHost}/*`])).toBe(false);
    await allow!.click();
    await allowInBrowserPrompt();
    expect(await hasAccess([`http://${foreignHost}/*`])).toBe(true);

    // The popup closed for the browser's prompt; opened again, it reaches into the frame.
    const before = listDownloads(session.downloads);
    popup = await openPopup(session, page!);
    await popup.waitForFunction(() => document.querySelector('#media-list')?.textContent?.includes('Framed clip'));
    expect(await popup.$('#frames-section:not([hidden])')).toBeNull();
    await (await popup.waitForSelector('::-p-aria([name="Record"][role="button"])'))!.click();
    const startedAt = Date.now();
    await popup.waitForSelector('[data-key^="stop:"]');
    await sleep(3000);
    await (await popup.waitForSelector('::-p-aria([name="Stop"][role="button"])'))!.click();
    const stoppedAt = Date.now();
    const probed = probeFile(await waitForDownload(session.downloads, before));
    const { seconds: recordedSeconds, lateMs } = await secondsRecorded({
      page: page!,
      pressedAt: startedAt,
      stoppedAt,
    });
    console.info(
      `embedding site allowed, from the popup: the recorder started ${lateMs} ms after Record; recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s`,
    );
    expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
    await popup.close();
  });

  it('asks for access to all sites from the settings page, and gives it back', async () => {
    const options = await session.browser.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    const allSites = (await options.waitForSelector('#all-sites'))!;
    expect(await allSites.evaluate((box) => (box as HTMLInputElement).checked)).toBe(false);
    await allSites.click();
    await allowInBrowserPrompt();
    await options.waitForFunction(() => (document.querySelector('#all-sites') as HTMLInputElement).checked);
    expect(await hasAccess(['*://*/*'])).toBe(true);
    await allSites.click();
    await options.waitForFunction(() => !(document.querySelector('#all-sites') as HTMLInputElement).checked);
    expect(await hasAccess(['*://*/*'])).toBe(false);
    await options.close();
  });
});
