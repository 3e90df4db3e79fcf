/**
 * Reaches closed shadow roots, which page scripts cannot: Chromium gives content scripts
 * `chrome.dom.openOrClosedShadowRoot`, Firefox gives `element.openOrClosedShadowRoot`.
 */

type ChromeDom = { dom?: { openOrClosedShadowRoot?: (element: HTMLElement) => ShadowRoot | null } };

export function anyShadowRoot(element: Element): ShadowRoot | null {
  if (__BROWSER__ === 'firefox') {
    return (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? null;
  }
  const chromeDom = (globalThis as { chrome?: ChromeDom }).chrome?.dom;
  if (chromeDom?.openOrClosedShadowRoot && element instanceof HTMLElement) {
    try {
      return chromeDom.openOrClosedShadowRoot(element);
    } catch {
      return element.shadowRoot;
    }
  }
  return element.shadowRoot;
}
