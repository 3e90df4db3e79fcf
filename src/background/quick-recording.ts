/**
 * Recording without the popup: from the context menu (the exact element clicked) and from
 * the keyboard shortcut (the tab's main media, or stop what the tab records). Anything
 * that goes wrong is told in a notification, since no popup is open to show it.
 */

import { sendToFrame, type ActionResult, type ControlAction } from '../platform/messaging/protocol';
import { chooseMainMedia } from '../shared/media';
import type { ErrorCode } from '../shared/errors';
import type { MenuAction, MenuTarget } from './context-menu';
import type { RecordingRegistry } from './recording-registry';
import type { RecordingRequest } from './start-recording';
import { injectContentScript, inspectFrames, listMedia } from './tab-inspector';

export interface QuickRecordingDeps {
  registry: RecordingRegistry;
  startRecording(request: RecordingRequest): Promise<ActionResult>;
  controlRecording(recordingId: string, action: ControlAction): Promise<ActionResult>;
  notifyProblem(error: ErrorCode): void;
}

export function quickRecording({ registry, startRecording, controlRecording, notifyProblem }: QuickRecordingDeps) {
  const report = (result: ActionResult) => {
    if (!result.ok) notifyProblem(result.error);
  };

  /**
   * Records the main media (as chooseMainMedia picks it) of these frames, else of the
   * whole tab; says why when there is none.
   */
  async function recordMainMedia(tabId: number, frameIds?: number[]) {
    if (frameIds) {
      const main = chooseMainMedia(await listMedia(tabId, frameIds));
      if (main)
        return report(
          await startRecording({ tabId, frameId: main.frameId, mediaId: main.id, audioOnly: false, part: 1 }),
        );
    }
    const frames = await injectContentScript(tabId);
    if (!Array.isArray(frames)) return notifyProblem(frames);
    const { media, originsToAsk } = await inspectFrames(tabId, frames);
    const main = chooseMainMedia(media);
    // Nothing reachable, but frames from sites not allowed yet: most likely an embedded player.
    if (!main) return notifyProblem(originsToAsk.length > 0 ? 'site-access-needed' : 'no-media');
    report(await startRecording({ tabId, frameId: main.frameId, mediaId: main.id, audioOnly: false, part: 1 }));
  }

  /**
   * Records, pauses, resumes or stops the element the user right-clicked. From the page's
   * menu (a player's layers over its video, in Chromium): the media under the right-click
   * when the content script saw it, else the frame's main media, else the tab's.
   */
  async function onMenuAction(action: MenuAction, target: MenuTarget) {
    const { tabId, frameId, targetElementId, srcUrl, onPage, siteAccess } = target;
    if (siteAccess && !(await siteAccess)) return notifyProblem('site-access-declined');
    const injected = await injectContentScript(tabId, [frameId]);
    if (!Array.isArray(injected)) return notifyProblem(injected);
    const found = await sendToFrame(tabId, frameId, 'find-menu-target', { targetElementId, srcUrl }).catch(
      () => ({ ok: false, error: 'media-gone' }) as const,
    );
    if (action === 'record') {
      if (found.ok) {
        return report(await startRecording({ tabId, frameId, mediaId: found.mediaId, audioOnly: false, part: 1 }));
      }
      return onPage ? recordMainMedia(tabId, [frameId]) : notifyProblem(found.error);
    }
    // The element's own recording; or, when the tab records just one, that one (a player's
    // overlay may sit between the pointer and the element).
    const capturing = registry.capturingInTab(tabId);
    const record =
      (found.ok ? registry.recordingOf(tabId, frameId, found.mediaId) : undefined) ??
      (capturing.length === 1 ? capturing[0] : undefined);
    if (!record) return notifyProblem(found.ok || onPage ? 'not-recording' : found.error);
    report(await controlRecording(record.id, action));
  }

  /** Stops what the tab records, or records its main media. */
  async function onShortcut(tabId: number) {
    const running = registry
      .capturingInTab(tabId)
      .filter((record) => record.timeline.state === 'recording' || record.timeline.state === 'paused');
    if (running.length > 0) {
      for (const record of running) report(await controlRecording(record.id, 'stop'));
      return;
    }
    await recordMainMedia(tabId);
  }

  return { onMenuAction, onShortcut };
}
