/**
 * Puts the content script into every frame of a tab the extension may access (the user's
 * click granted activeTab) and collects what each frame holds.
 */

import { runInFrames } from '../platform/background/scripting';
import { tabPage } from '../platform/background/tabs';
import type { ErrorCode } from '../shared/errors';
import type { LocatedMedia } from '../shared/media';
import { sendToFrame } from '../platform/messaging/protocol';
import { parseFrameMedia, tabMediaOf, type FrameMedia } from '../shared/media-report';

const CONTENT_SCRIPT = 'content/index.js';
const FRAME_ANSWER_TIMEOUT_MS = 2000;

/**
 * The frames the script now runs in, or why it cannot run in this tab at all. `frameIds`:
 * only those frames (a context menu click's), else every frame the extension may access.
 */
export async function injectContentScript(tabId: number, frameIds?: number[]): Promise<number[] | ErrorCode> {
  if (!(await tabPage(tabId))) return 'tab-unavailable';
  try {
    return await runInFrames(tabId, CONTENT_SCRIPT, frameIds);
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

/**
 * Asks each frame `type` ('list-media': what it holds now; 'watch-media': that, and each
 * change from now on), and gives the answers of the frames that answered in time.
 */
export async function askFrames(
  tabId: number,
  frameIds: number[],
  type: 'list-media' | 'watch-media',
): Promise<Map<number, FrameMedia>> {
  const answers = await Promise.all(
    frameIds.map(
      async (frameId) =>
        [frameId, parseFrameMedia(await withTimeout(sendToFrame(tabId, frameId, type, {}), undefined))] as const,
    ),
  );
  return new Map(answers.filter((entry): entry is [number, FrameMedia] => entry[1] !== undefined));
}

export async function inspectFrames(tabId: number, frameIds: number[]): Promise<TabContents> {
  return tabMediaOf(await askFrames(tabId, frameIds, 'list-media'));
}

export async function listMedia(tabId: number, frameIds: number[]): Promise<LocatedMedia[]> {
  return (await inspectFrames(tabId, frameIds)).media;
}
