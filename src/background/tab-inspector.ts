/**
 * Puts the content script into every frame of a tab the extension may access (the user's
 * click granted activeTab) and collects what each frame holds.
 */

import browser from 'webextension-polyfill';
import type { ErrorCode } from '../shared/errors';
import type { LocatedMedia } from '../shared/media';
import { sendToFrame } from '../platform/messaging/protocol';
import { originsToAsk } from '../shared/frame-access';

const CONTENT_SCRIPT = 'content/index.js';
const FRAME_ANSWER_TIMEOUT_MS = 2000;

/**
 * The frames the script now runs in, or why it cannot run in this tab at all. `frameIds`:
 * only those frames (a context menu click's), else every frame the extension may access.
 */
export async function injectContentScript(tabId: number, frameIds?: number[]): Promise<number[] | ErrorCode> {
  try {
    await browser.tabs.get(tabId);
  } catch {
    return 'tab-unavailable';
  }
  try {
    const results = await browser.scripting.executeScript({
      target: frameIds ? { tabId, frameIds } : { tabId, allFrames: true },
      files: [CONTENT_SCRIPT],
    });
    return [...new Set(results.map((result) => result.frameId))];
  } catch (error) {
    // Browser pages, the extension stores, other extensions' pages, PDF viewers…
    console.info('Media Recorder: cannot run in this tab', error);
    return 'page-forbidden';
  }
}

function withTimeout<T>(promise: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([
    promise.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), FRAME_ANSWER_TIMEOUT_MS)),
  ]);
}

export interface TabContents {
  media: LocatedMedia[];
  /** Frames' origins the script could not run in: sites to ask the user access to. */
  originsToAsk: string[];
}

export async function inspectFrames(tabId: number, frameIds: number[]): Promise<TabContents> {
  const answers = await Promise.all(
    frameIds.map(async (frameId) => {
      const answer = await withTimeout(sendToFrame(tabId, frameId, 'list-media', {}), undefined);
      return answer && { ...answer, media: answer.media.map((item) => ({ ...item, frameId })) };
    }),
  );
  const reached = answers.filter((answer) => answer !== undefined);
  return {
    media: reached.flatMap((answer) => answer.media),
    originsToAsk: originsToAsk(
      reached.flatMap((answer) => answer.frameOrigins),
      reached.map((answer) => answer.origin),
    ),
  };
}

export async function listMedia(tabId: number, frameIds: number[]): Promise<LocatedMedia[]> {
  return (await inspectFrames(tabId, frameIds)).media;
}
