import type { Page } from 'puppeteer-core';

/** Has the page's video play another file instead, as a page switching media does, and waits until it plays. */
export async function playInstead(page: Page, source: string): Promise<void> {
  await page.evaluate((src) => {
    const video = document.querySelector('video')!;
    video.src = src;
    void video.play();
  }, source);
  await page.waitForFunction(() => document.querySelector('video')!.currentTime > 0.5);
}
