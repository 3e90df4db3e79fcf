/** Reading the page indicator, as both browsers' tests see it. */

import { expect } from 'vitest';

/** "REC 0:12" → 12. */
export function shownSeconds(text: string): number {
  const match = /(\d+):(\d\d)$/.exec(text);
  if (!match) throw new Error(`no time in "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The marker sits over the video's top-left corner, inside it. */
export function expectOverTopLeftCorner(
  box: { x: number; y: number; width: number; height: number },
  video: { left: number; top: number; width: number; height: number },
): void {
  expect(box.x).toBeGreaterThanOrEqual(video.left);
  expect(box.y).toBeGreaterThanOrEqual(video.top);
  expect(box.x + box.width).toBeLessThanOrEqual(video.left + video.width / 2);
  expect(box.y + box.height).toBeLessThanOrEqual(video.top + video.height / 4);
}
