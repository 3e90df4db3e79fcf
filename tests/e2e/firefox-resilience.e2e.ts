/**
 * Firefox: a recording is recovered after the browser is killed, up to its last second.
 * The extension is installed into the profile so it is there again after the restart.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, openPopup } from './support/firefox';
import { probeFile, sleep, waitForDownload } from './support/media-file';
import { startServers, type TestOrigins } from './support/server';

let origins: TestOrigins;

beforeAll(async () => {
  origins = await startServers();
});

afterAll(async () => {
  await origins?.close();
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
    await sleep(10_000 - (Date.now() - startedAt));
    const recordedSeconds = (Date.now() - startedAt) / 1000;
    first.browser.process()!.kill('SIGKILL');
    await new Promise((resolve) => first.browser.process()!.once('exit', resolve));

    const second = await launchFirefox({ profile: first.profile, downloads: first.downloads });
    try {
      // Recovery runs by itself when the browser starts again, and saves the file.
      const file = await waitForDownload(second.downloads, [], 60_000);
      const probed = probeFile(file);
      console.info(
        `Firefox crash recovery: ${recordedSeconds.toFixed(2)} s recorded before the kill, file ${probed.containerDuration?.toFixed(3)} s`,
      );
      expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
      expect(probed.containerDuration).toBeGreaterThan(recordedSeconds - 2);
      expect(probed.containerDuration).toBeLessThan(recordedSeconds + 0.5);
    } finally {
      await second.close();
    }
  });
});
