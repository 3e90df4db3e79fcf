/**
 * Works the browsers' real context menus under Xvfb as a person does: a right-click with
 * xdotool at the element's spot on screen, then the keyboard through the native menu.
 * Each step waits for what a person would see: the menu open, a submenu open, the menu
 * closed once an item is chosen. A menu drawn late under load must not take keys meant for
 * it as keys for the page, nor a submenu's keys as the menu's.
 */

import { execFileSync } from 'node:child_process';
import type { ElementHandle, Page } from 'puppeteer-core';
import { sleep } from './media-file';
import { waitUntil } from './wait-until';

export function xdotool(display: string, ...args: string[]): void {
  execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: display } });
}

/**
 * The top-level windows shown on the display. Both browsers draw a context menu, and each
 * submenu, as a top-level window of its own.
 */
export function shownWindows(display: string): string[] {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--maxdepth', '1', '--name', ''], {
      env: { ...process.env, DISPLAY: display },
    })
      .toString()
      .trim()
      .split('\n');
  } catch {
    // xdotool exits with 1 when no window matches.
    return [];
  }
}

/** Menus open and close within a second or two; 10 s tells a menu that never will. */
const MENU_WAIT = { timeoutMs: 10_000, everyMs: 50 };

/** A window shown that is not among `known`, once there is one. */
function newWindow(display: string, known: string[], what: string): Promise<string> {
  return waitUntil(() => shownWindows(display).find((id) => !known.includes(id)), what, MENU_WAIT);
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
 * Right-clicks the element, then sends `keys` to the menu once it is open (e.g. Up Up
 * Return); `Right` opens a submenu, and the next key waits for it. The last key chooses an
 * item: this returns once the menu has closed, with the time that key was sent, to time
 * recordings from.
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
  // Taken after the move: a tooltip it shows is no menu.
  const before = shownWindows(display);
  xdotool(display, 'click', '3');
  const menus = [await newWindow(display, before, 'the context menu to open')];
  // Firefox redraws the menu once the extension has updated its items (menus.onShown).
  await sleep(300);
  let sentAt = Date.now();
  for (const key of keys) {
    sentAt = Date.now();
    xdotool(display, 'key', key);
    if (key === 'Right') menus.push(await newWindow(display, [...before, ...menus], 'the submenu to open'));
    else await sleep(150);
  }
  await waitUntil(
    () => !shownWindows(display).some((id) => menus.includes(id)),
    `the menu to close after ${keys.join(' ')}`,
    MENU_WAIT,
  );
  return sentAt;
}

/** Sends a key combination to the focused browser window. */
export function pressKeys(display: string, keys: string): void {
  xdotool(display, 'key', '--clearmodifiers', keys);
}
