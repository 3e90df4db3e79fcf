/**
 * The origins of this document's frames (shadow roots included) other than its own: the
 * frames an embedded player may live in, which the extension can reach only with access to
 * their site. The background compares them with the frames it could reach.
 */

import { anyShadowRoot } from '../platform/content/shadow-roots';

function frameSources(root: Document | ShadowRoot, found: string[]): string[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node as Element;
    if (element instanceof HTMLIFrameElement || element instanceof HTMLFrameElement) found.push(element.src);
    const shadow = anyShadowRoot(element);
    if (shadow) frameSources(shadow, found);
  }
  return found;
}

export function otherFrameOrigins(): string[] {
  const origins = new Set<string>();
  for (const source of frameSources(document, [])) {
    try {
      const url = new URL(source);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== location.origin) {
        origins.add(url.origin);
      }
    } catch {
      // No source, or not a URL: about:blank and srcdoc frames share this document's access.
    }
  }
  return [...origins];
}
