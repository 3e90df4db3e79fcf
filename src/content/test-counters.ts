/**
 * Test builds only (called under `if (__TEST__)`): counts on the page's `<html>` how often
 * the content script ran (`data-media-recorder-runs`) and walked the frame for media
 * (`data-media-recorder-walks`), for the tests that check the popup does not poll.
 */

export function countForTest(name: 'runs' | 'walks'): void {
  const attribute = `data-media-recorder-${name}`;
  const root = document.documentElement;
  root.setAttribute(attribute, String(Number(root.getAttribute(attribute) ?? 0) + 1));
}
