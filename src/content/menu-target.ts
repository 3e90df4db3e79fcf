/**
 * Finds the element a context menu click was on. Firefox names it: `targetElementId`,
 * resolved by `menus.getTargetElement`, reaches into closed shadow roots. Chromium gives
 * only the element's source URL; when several elements share it, the spot of the last
 * right-click decides (known once this script runs in the frame), else the largest.
 */

import browser from 'webextension-polyfill';
import { sortForDisplay } from '../shared/media';
import { describeMedia } from './media-describe';
import { discoverMedia, isMedia, type MediaElement } from './media-discovery';

let lastRightClick: { x: number; y: number } | undefined;

/** Remembers where the next right-clicks land, for the menu clicks after them. */
export function watchRightClicks(): void {
  document.addEventListener(
    'contextmenu',
    (event) => {
      if (event.isTrusted) lastRightClick = { x: event.clientX, y: event.clientY };
    },
    { capture: true, passive: true },
  );
}

function byTargetId(targetElementId: number): MediaElement | undefined {
  const menus = (browser as { menus?: { getTargetElement?(id: number): Element | null } }).menus;
  const element = menus?.getTargetElement?.(targetElementId);
  return element && isMedia(element) ? element : undefined;
}

function under(point: { x: number; y: number }, element: Element): boolean {
  const box = element.getBoundingClientRect();
  return point.x >= box.left && point.x <= box.right && point.y >= box.top && point.y <= box.bottom;
}

function bySource(srcUrl: string): MediaElement | undefined {
  const matches = discoverMedia().filter((element) => element.currentSrc === srcUrl || element.src === srcUrl);
  if (matches.length <= 1) return matches[0];
  const point = lastRightClick;
  const hit = point && matches.find((element) => under(point, element));
  if (hit) return hit;
  const largest = sortForDisplay(matches.map((element) => ({ ...describeMedia(element), element })))[0];
  return largest?.element;
}

export function findMenuTarget(
  targetElementId: number | undefined,
  srcUrl: string | undefined,
): MediaElement | undefined {
  return (
    (targetElementId !== undefined ? byTargetId(targetElementId) : undefined) ?? (srcUrl ? bySource(srcUrl) : undefined)
  );
}
