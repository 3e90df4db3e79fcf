/**
 * Firefox ESR, headful under Xvfb, as a keyboard user: open the popup with its shortcut,
 * Tab to a button, press Return; judge the downloaded file with ffprobe.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, openPopup, type FirefoxSession } from './support/firefox';
import { decodeWholeFile, listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import { startServers, type TestOrigins } from './support/server';

let origins: TestOrigins;
let session: FirefoxSession;

beforeAll(async () => {
  origins = await startServers();
  session = await launchFirefox();
});

afterAll(async () => {
  await session?.close();
  await origins?.close();
});

async function openPage(path: string, playing = true): Promise<Page> {
  const [page] = await session.browser.pages();
  await page!.goto(`${origins.page}${path}`);
  if (playing) {
    await page!.waitForFunction(() => {
      const media = document.querySelector('video, audio') as HTMLMediaElement | null;
      return media !== null && media.currentTime > 0.3;
    });
  }
  return page!;
}

describe('Firefox: recording from the toolbar popup', () => {
  it('records a playing video with sound, carries on with the popup closed, and saves a WebM that plays', async () => {
    const page = await openPage('/video.html');
    const before = listDownloads(session.downloads);

    let popup = await openPopup(session, page);
    await popup.waitForText(/clip\.webm[\s\S]*Record/);
    await popup.press('Record');
    const startedAt = Date.now();
    await popup.waitForText(/Recording/);
    await popup.close();

    await sleep(5000);
    popup = await openPopup(session, page);
    const text = await popup.waitForText(/Recording · 0:0[4-9] · [1-9][\d.]* (kB|MB)/);
    expect(text).toContain('Stop');
    await popup.press('Stop');
    const recordedSeconds = (Date.now() - startedAt) / 1000;

    const file = await waitForDownload(session.downloads, before);
    expect(file).toMatch(/Test clip colour bars tone \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.webm$/);
    const probed = probeFile(file);
    expect(probed.formatName).toContain('webm');
    expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual(['audio:opus', 'video:vp8']);
    expect(probed.streams.find((stream) => stream.codec_type === 'video')).toMatchObject({ width: 640, height: 360 });
    // Keyboard round trips add up to a second on each side of the measured time.
    expect(Math.abs(probed.mediaDuration - recordedSeconds)).toBeLessThan(1.5);
    decodeWholeFile(file);
    await popup.waitForText(/Saved/);
    await popup.close();
  });

  it('records an <audio> element as audio only', async () => {
    const page = await openPage('/audio.html');
    const before = listDownloads(session.downloads);
    const popup = await openPopup(session, page);
    await popup.waitForText(/tone\.webm/);
    await popup.press('Record');
    const startedAt = Date.now();
    await popup.waitForText(/Recording/);
    await sleep(4000);
    await popup.press('Stop');
    const recordedSeconds = (Date.now() - startedAt) / 1000;
    const file = await waitForDownload(session.downloads, before);
    expect(file).toMatch(/\.(webm|ogg)$/);
    const probed = probeFile(file);
    expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`)).toEqual(['audio:opus']);
    expect(Math.abs(probed.mediaDuration - recordedSeconds)).toBeLessThan(1.5);
    decodeWholeFile(file);
    await popup.close();
  });

  it('finds media in closed shadow roots and media added later', async () => {
    const page = await openPage('/shadow.html?late=500', false);
    await page.waitForSelector('audio');
    const popup = await openPopup(session, page);
    const text = await popup.waitForText(/Shadow clip[\s\S]*Late tone/);
    expect(text.match(/Record/g)).toHaveLength(2);
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
});
