/**
 * Finds the element a context menu click was on. Firefox names it: `targetElementId`,
 * resolved by `menus.getTargetElement`, reaches into closed shadow roots; on a player's own
 * layers (a click-catcher, a control bar) it names that layer, and the media under it is
 * meant. Chromium gives only the element's source URL, and nothing at all on a player's
 * layers (the page's menu): there the spot of the last right-click decides, known once this
 * script runs in the frame.
 */

import { menuTargetElement } from '../platform/content/extension';
import { centreOf, mediaAtPoint, type Point } from '../shared/media-at-point';
import { sortForDisplay } from '../shared/media';
import { describeMedia } from './media-describe';
import { discoverMedia, isMedia, type MediaElement } from './media-discovery';

let lastRightClick: Point | undefined;

/** Remembers where the next right-clicks land, for the menu clicks after them. */
export function watchRightClicks(): void {
  // On the window, capturing: before any page listener can stop the event.
  window.addEventListener(
    'contextmenu',
    (event) => {
      if (event.isTrusted) lastRightClick = { x: event.clientX, y: event.clientY };
    },
    { capture: true, passive: true },
  );
}

/** The element itself, or the shadow host that stands for it in the document's hit list. */
function layerOf(element: Element, hits: readonly Element[]): number | undefined {
  for (let node: Element | undefined = element; node;) {
    const index = hits.indexOf(node);
    if (index >= 0) return index;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : undefined;
  }
  return undefined;
}

/** The media under a point of the viewport, whatever layers cover it, shadow roots included. */
function mediaUnder(point: Point, among: MediaElement[] = discoverMedia()): MediaElement | undefined {
  const hits = document.elementsFromPoint(point.x, point.y);
  return mediaAtPoint(
    point,
    among.map((element) => ({
      item: element,
      box: element.getBoundingClientRect(),
      layer: layerOf(element, hits),
    })),
  );
}

/** Among the elements playing the menu's source, the one under the point, else the largest. */
function bySource(srcUrl: string, point: Point | undefined): MediaElement | undefined {
  const matches = discoverMedia().filter((element) => element.currentSrc === srcUrl || element.src === srcUrl);
  if (matches.length === 0) return point && mediaUnder(point);
  if (matches.length === 1) return matches[0];
  const hit = point && mediaUnder(point, matches);
  if (hit) return hit;
  const largest = sortForDisplay(matches.map((element) => ({ ...describeMedia(element), element })))[0];
  return largest?.element;
}

/**
 * The element of a menu click. On media's menu (`srcUrl`): the element named, else the one
 * of that source under the right-click (or under the centre of the layer Firefox names).
 * On the page's menu (neither): the media under the last right-click, when this script
 * saw it; undefined otherwise.
 */
export function findMenuTarget(
  targetElementId: number | undefined,
  srcUrl: string | undefined,
): MediaElement | undefined {
  const target = targetElementId !== undefined ? menuTargetElement(targetElementId) : undefined;
  if (target && isMedia(target)) return target;
  const point = lastRightClick ?? (target && srcUrl ? centreOf(target.getBoundingClientRect()) : undefined);
  if (srcUrl) return bySource(srcUrl, point);
  return point && mediaUnder(point);
}
