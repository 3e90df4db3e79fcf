/** Running the content script in a tab's frames (the user's action granted activeTab). */

import browser from 'webextension-polyfill';

/**
 * Runs `file` in these frames of the tab, or in every frame the extension may access;
 * resolves with the frames it ran in. Rejects where the browser forbids it (its own pages,
 * the extension stores, PDF viewers…).
 */
export async function runInFrames(tabId: number, file: string, frameIds?: number[]): Promise<number[]> {
  const results = await browser.scripting.executeScript({
    target: frameIds ? { tabId, frameIds } : { tabId, allFrames: true },
    files: [file],
  });
  return [...new Set(results.map((result) => result.frameId))];
}
