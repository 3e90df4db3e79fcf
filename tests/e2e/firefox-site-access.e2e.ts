/**
 * Firefox, headful under Xvfb: a player embedded from another site. The popup names the
 * site and asks for access; Firefox's own prompt (a doorhanger over the popup, "Allow" its
 * default button) is answered with Return; the popup then lists the video, which records.
 */

import { describe, expect, it } from 'vitest';
import { launchFirefox, openPopup, type FirefoxSession } from './support/firefox';
import { xdotool } from './support/context-menu';
import { listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import type { TestOrigins } from './support/server';
import { startBrowserForFile } from './support/test-browser';

let origins: TestOrigins;
let session: FirefoxSession;

startBrowserForFile(launchFirefox, (started, launched) => ([origins, session] = [started, launched]));

describe('Firefox: players embedded from other sites', () => {
  it('asks for access to the embedding site, then lists and records its video', async () => {
    const foreignHost = new URL(origins.foreign).hostname;
    const [page] = await session.browser.pages();
    await page!.goto(`${origins.page}/embedded-player.html`);
    const frame = await (await page!.waitForSelector('iframe'))!.contentFrame();
    await frame!.waitForFunction(() => document.querySelector('video')!.currentTime > 0.3);

    const popup = await openPopup(session, page!);
    const asking = await popup.waitForText(new RegExp(`Embedded players[\\s\\S]*Allow access to ${foreignHost}`, 'i'));
    expect(asking).not.toMatch(/\bRecord\b/);
    await popup.press(`Allow access to ${foreignHost}`);
    await sleep(1500);
    // The prompt does not take keyboard focus; its access key does (Alt+A: "Allow").
    xdotool(session.display, 'key', 'alt+a');

    // Granted: the popup looks again and reaches into the frame.
    const listed = await popup.waitForText(/Framed clip[\s\S]*Record/);
    expect(listed).not.toMatch(/Embedded players/i);
    const before = listDownloads(session.downloads);
    const startedAt = await popup.press('Record');
    await popup.waitForText(/Recording/);
    await sleep(3000 - (Date.now() - startedAt));
    const stoppedAt = await popup.press('Stop');
    const probed = probeFile(await waitForDownload(session.downloads, before));
    await popup.close();
    expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(probed.containerDuration! - (stoppedAt - startedAt) / 1000)).toBeLessThan(1);
  });
});
