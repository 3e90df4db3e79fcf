/**
 * For the tests that show the popup is told of changes rather than polling: the test
 * build counts on the page's `<html>` how often the content script ran and walked the
 * frame for media (src/content/test-counters.ts), and the page notes when it added media.
 */

import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { sleep } from './media-file';

export const ADDED_TITLE = 'Added by the page';

/** How often the content script ran in the page's top frame, and walked it for media. */
export function contentCounts(page: Page): Promise<{ runs: number; walks: number }> {
  return page.evaluate(() => ({
    runs: Number(document.documentElement.getAttribute('data-media-recorder-runs') ?? 0),
    walks: Number(document.documentElement.getAttribute('data-media-recorder-walks') ?? 0),
  }));
}

/** Adds a paused `<video>` titled ADDED_TITLE by script; returns when (Date.now() in the page). */
export function addVideo(page: Page): Promise<number> {
  return page.evaluate((title) => {
    const video = document.createElement('video');
    video.src = '/media/small.webm';
    video.title = title;
    video.width = 320;
    video.height = 180;
    document.body.append(video);
    return Date.now();
  }, ADDED_TITLE);
}

/** Once the popup is closed, nobody watches: the page's changes are no longer looked at. */
export async function expectNoWatchAfterClose(popup: { close(): Promise<unknown> }, page: Page): Promise<void> {
  await popup.close();
  await sleep(500);
  const closedWalks = (await contentCounts(page)).walks;
  await addVideo(page);
  await sleep(1000);
  expect((await contentCounts(page)).walks).toBe(closedWalks);
}
