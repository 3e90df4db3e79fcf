/**
 * Works the browsers' real context menus under Xvfb as a person does: a right-click with
 * xdotool at the element's spot on screen, then the keyboard through the native menu.
 */

import { execFileSync } from 'node:child_process';
import type { ElementHandle, Page } from 'puppeteer-core';
import { sleep } from './media-file';

export function xdotool(display: string, ...args: string[]): void {
  execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: display } });
}

/**
 * The screen spot of an element's centre. `boundingBox()` is relative to the top page's
 * viewport, frames included; the viewport's own place on screen differs per browser.
 */
export async function screenCentre(page: Page, element: ElementHandle): Promise<{ x: number; y: number }> {
  const box = await element.boundingBox();
  if (!box) throw new Error('the element is not on screen');
  const origin = await page.evaluate(() => {
    const screen = window as unknown as { mozInnerScreenX?: number; mozInnerScreenY?: number };
    return screen.mozInnerScreenX !== undefined
      ? { x: screen.mozInnerScreenX, y: screen.mozInnerScreenY! }
      : // Chromium, its window at the screen's corner: the browser's bars sit above the page.
        { x: window.screenX, y: window.screenY + window.outerHeight - window.innerHeight };
  });
  return { x: Math.round(origin.x + box.x + box.width / 2), y: Math.round(origin.y + box.y + box.height / 2) };
}

/**
 * Right-clicks the element, then sends `keys` to the menu that opens (e.g. Up Up Return).
 * Returns when the last key was sent, to time recordings from.
 */
export async function chooseFromContextMenu(
  display: string,
  page: Page,
  element: ElementHandle,
  keys: string[],
): Promise<number> {
  const { x, y } = await screenCentre(page, element);
  xdotool(display, 'mousemove', String(x), String(y));
  await sleep(200);
  xdotool(display, 'click', '3');
  await sleep(800);
  let sentAt = Date.now();
  for (const key of keys) {
    sentAt = Date.now();
    xdotool(display, 'key', key);
    await sleep(250);
  }
  return sentAt;
}

/** Sends a key combination to the focused browser window. */
export function pressKeys(display: string, keys: string): void {
  xdotool(display, 'key', '--clearmodifiers', keys);
}
