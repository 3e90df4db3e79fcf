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

/**
 * Has the page dispatch `emptied`, `ended`, `pause` and `loadedmetadata` on its video every
 * half second, as a
 * hostile or broken page may: none of them is the browser's own, so none may end a
 * recording or start a new part. Returns a function that stops it.
 */
export async function fireFakeMediaEvents(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => {
    const video = document.querySelector('video')!;
    const timer = setInterval(() => {
      for (const type of ['emptied', 'ended', 'pause', 'loadedmetadata']) video.dispatchEvent(new Event(type));
    }, 500);
    (window as unknown as { stopFakeEvents: () => void }).stopFakeEvents = () => clearInterval(timer);
  });
  return () => page.evaluate(() => (window as unknown as { stopFakeEvents: () => void }).stopFakeEvents());
}
