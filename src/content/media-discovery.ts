/**
 * Finds every <video> and <audio> of this frame's document, including inside open and
 * closed shadow roots, and gives each a stable id. Each call scans afresh; media-watch.ts
 * calls it again when the frame changes.
 */

import { anyShadowRoot } from '../platform/content/shadow-roots';

export type MediaElement = HTMLVideoElement | HTMLAudioElement;

const idsByElement = new WeakMap<MediaElement, string>();
const elementsById = new Map<string, WeakRef<MediaElement>>();
let nextId = 1;

export function mediaId(element: MediaElement): string {
  let id = idsByElement.get(element);
  if (!id) {
    id = `m${nextId++}`;
    idsByElement.set(element, id);
    elementsById.set(id, new WeakRef(element));
  }
  return id;
}

export function findMediaById(id: string): MediaElement | undefined {
  const element = elementsById.get(id)?.deref();
  if (!element) elementsById.delete(id);
  return element;
}

export function isMedia(node: Node): node is MediaElement {
  return node instanceof HTMLVideoElement || node instanceof HTMLAudioElement;
}

/**
 * All media elements under `root`, in document order, shadow trees included; `onShadowRoot`
 * is shown each shadow root on the way (to be watched for changes).
 */
export function discoverMedia(
  root: Document | ShadowRoot = document,
  onShadowRoot?: (shadow: ShadowRoot) => void,
): MediaElement[] {
  const found: MediaElement[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node as Element;
    if (isMedia(element)) found.push(element);
    const shadow = anyShadowRoot(element);
    if (shadow) {
      onShadowRoot?.(shadow);
      found.push(...discoverMedia(shadow, onShadowRoot));
    }
  }
  return found;
}
