/**
 * The release build, exactly as `npm run package` ships it: each browser's zip unpacked and
 * loaded as a user's browser would get it, then a recording made from the real context menu
 * (xdotool under Xvfb) and the file judged by ffprobe. Every other end-to-end test runs the
 * test build; this one shows nothing that ships leans on test-only code.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { launchChromium, toolbarBadge } from './support/chromium';
import { chooseFromContextMenu } from './support/context-menu';
import { launchFirefox } from './support/firefox';
import { decodeAt, hasSeekIndex, listDownloads, probeFile, sleep, waitForDownload } from './support/media-file';
import { startServers, type TestOrigins } from './support/server';
import { reportFailure } from './support/test-browser';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** Words only the test build holds (its hooks); none may be in what ships. */
const TEST_ONLY = [
  'test-popup-report',
  'refuse-name-for-test',
  'refuse-index-for-test',
  'unhandled-rejection-for-test',
  'test-badge',
  'test-indicator-text',
  'test-page-report',
  'feed-slices-for-test',
  'FeedRecorder',
];

let origins: TestOrigins;
const unpacked: Record<'chromium' | 'firefox', string> = { chromium: '', firefox: '' };

beforeAll(async () => {
  execFileSync('node', ['build.mjs', '--package'], { cwd: ROOT, stdio: 'ignore' });
  for (const browser of ['chromium', 'firefox'] as const) {
    const zip = path.join(ROOT, 'dist', 'packages', `media-recorder-${browser}-${VERSION}.zip`);
    unpacked[browser] = mkdtempSync(path.join(os.tmpdir(), `mr-release-${browser}-`));
    execFileSync('unzip', ['-q', zip, '-d', unpacked[browser]]);
  }
  origins = await startServers();
});

afterAll(async () => {
  await origins?.close();
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Records `element` from its context menu for 4 s, stops it from the menu, returns the file
 * and the time. `recording`, where the browser lets a test read it: resolves once the
 * extension shows it records (a Stop's menu holds the Stop item only then).
 */
async function recordFromMenu(
  display: string,
  downloads: string,
  page: Page,
  element: ElementHandle,
  keys: { record: string[]; stop: string[] },
  recording?: () => Promise<void>,
): Promise<{ file: string; recordedSeconds: number }> {
  const before = listDownloads(downloads);
  const startedAt = await chooseFromContextMenu(display, page, element, keys.record);
  await recording?.();
  await sleep(4000 - (Date.now() - startedAt));
  const stoppedAt = await chooseFromContextMenu(display, page, element, keys.stop);
  const file = await waitForDownload(downloads, before);
  return { file, recordedSeconds: (stoppedAt - startedAt) / 1000 };
}

async function openPlaying(page: Page): Promise<ElementHandle> {
  await page.goto(`${origins.page}/video.html`);
  await page.bringToFront();
  await page.waitForFunction(() => document.querySelector('video')!.currentTime > 0.3);
  return (await page.$('video'))!;
}

function expectRecording(file: string, recordedSeconds: number, browser: string): void {
  const probed = probeFile(file);
  console.info(
    `release build, ${browser}: recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s`,
  );
  expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
  expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(1);
  // Finished by the shipped finishing code (Chromium's offscreen document, Firefox's
  // on-demand module), not saved raw: an index, and a frame decoded after a seek.
  expect(hasSeekIndex(file)).toBe(true);
  expect(decodeAt(file, recordedSeconds - 2, 'video')).toBeGreaterThan(0);
}

describe('the release build, as packaged', () => {
  it('holds none of the test build’s hooks', () => {
    for (const browser of ['chromium', 'firefox'] as const) {
      const scripts = filesUnder(unpacked[browser]).filter((file) => file.endsWith('.js'));
      expect(scripts.length).toBeGreaterThan(3);
      for (const file of scripts) {
        const text = readFileSync(file, 'utf8');
        for (const word of TEST_ONLY) expect(text.includes(word), `${word} in ${file}`).toBe(false);
      }
    }
  });

  it('records from the context menu in Chromium', async () => {
    const session = await launchChromium({ headless: false, build: unpacked.chromium });
    try {
      const [page] = await session.browser.pages();
      const video = await openPlaying(page!);
      // Chromium's menu on a video ends with the extension's entry, then "Inspect".
      // The badge is the shipped code's own, read through the browser's API.
      const recording = () =>
        expect.poll(async () => (await toolbarBadge(session)).text, { timeout: 10_000 }).toBe('REC');
      const { file, recordedSeconds } = await recordFromMenu(
        session.display!,
        session.downloads,
        page!,
        video,
        { record: ['Up', 'Up', 'Return'], stop: ['Up', 'Up', 'Right', 'Down', 'Down', 'Return'] },
        recording,
      );
      expectRecording(file, recordedSeconds, 'Chromium');
    } catch (error) {
      // Its browser is closed by the time a failed test is reported.
      reportFailure(session, 'release build, Chromium');
      throw error;
    } finally {
      await session.close();
    }
  });

  it('records from the context menu in Firefox', async () => {
    const session = await launchFirefox({ build: unpacked.firefox });
    try {
      const [page] = await session.browser.pages();
      const video = await openPlaying(page!);
      // Firefox's menu on a video ends with the extension's entry.
      const { file, recordedSeconds } = await recordFromMenu(session.display, session.downloads, page!, video, {
        record: ['Up', 'Return'],
        stop: ['Up', 'Right', 'Down', 'Down', 'Return'],
      });
      expectRecording(file, recordedSeconds, 'Firefox');
    } catch (error) {
      reportFailure(session, 'release build, Firefox');
      throw error;
    } finally {
      await session.close();
    }
  });
});
