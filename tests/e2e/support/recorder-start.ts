/**
 * Test builds write `recorder:started:<Date.now()>` among the events of the page (or frame)
 * that records (src/content/capture.ts).
 */

import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';

/**
 * When the recorder started (Date.now() in the page or frame that records, test builds):
 * what a page's end may lose is counted from there, not from the Record press, which a
 * busy machine may answer some hundreds of milliseconds later. The latest of the page's
 * frames; with `after`, once one later than that has started.
 */
export async function recorderStartedAt(page: Page, after = 0): Promise<number> {
  let startedAt: number | undefined;
  await expect
    .poll(async () => {
      for (const frame of page.frames()) {
        const events = await frame
          .evaluate(() => JSON.parse(document.documentElement.dataset.mediaRecorderEvents ?? '[]') as string[])
          .catch(() => [] as string[]);
        const started = events.findLast((event) => event.startsWith('recorder:started:'));
        if (started) startedAt = Number(started.split(':')[2]);
      }
      return startedAt;
    })
    .toBeGreaterThan(after);
  return startedAt!;
}
