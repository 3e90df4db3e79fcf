/**
 * The media of each tab a popup is open on. The content script is injected once when the
 * popup opens; from then on each frame tells its changes ('media-changed') and every popup
 * of the tab is sent the tab's list afresh. Once the tab's last popup closes, its frames
 * are told to stop, and a late report is answered "stop".
 */

import { onTabLoading } from '../platform/background/tabs';
import { sendToFrame } from '../platform/messaging/protocol';
import type { PopupUpdate, TabMedia, UiClient } from '../platform/messaging/ui-port';
import type { ErrorCode } from '../shared/errors';
import { tabMediaOf, type FrameMedia } from '../shared/media-report';
import { coalesce, type Scheduled } from '../shared/rate-limit';
import { askFrames, injectContentScript } from './tab-inspector';

/** Child frames changed: look again this long after the first change of a burst. */
const LOOK_AGAIN_MS = 250;

interface WatchedTab {
  popups: Set<UiClient<PopupUpdate>>;
  /** Each reached frame's last report, by frame id. */
  frames: Map<number, FrameMedia>;
  /** Why the extension cannot look into the tab, if it cannot. */
  error: ErrorCode | undefined;
  lookAgain: Scheduled;
  /** A new document started loading in the tab while watched. */
  navigated: boolean;
}

export function tabWatch() {
  const tabs = new Map<number, WatchedTab>();

  function publish(tab: WatchedTab): void {
    const contents: TabMedia = tab.error ? { ok: false, error: tab.error } : { ok: true, ...tabMediaOf(tab.frames) };
    for (const popup of tab.popups) popup.send({ type: 'tab-media', contents });
  }

  /** Puts the content script in every frame it may run in, and has each report its changes. */
  async function look(tabId: number): Promise<void> {
    const tab = tabs.get(tabId);
    if (!tab) return;
    const frameIds = await injectContentScript(tabId);
    if (tabs.get(tabId) !== tab) return;
    if (!Array.isArray(frameIds)) {
      tab.error = frameIds;
      tab.frames.clear();
      return publish(tab);
    }
    tab.error = undefined;
    const answers = await askFrames(tabId, frameIds, 'watch-media');
    if (tabs.get(tabId) !== tab) return unwatch(tabId, [...answers.keys()]);
    // Frames gone since (removed, navigated away) are no longer listed.
    for (const frameId of tab.frames.keys()) if (!frameIds.includes(frameId)) tab.frames.delete(frameId);
    for (const [frameId, media] of answers) tab.frames.set(frameId, media);
    publish(tab);
  }

  function unwatch(tabId: number, frameIds: number[]): void {
    for (const frameId of frameIds) void sendToFrame(tabId, frameId, 'unwatch-media', {}).catch(() => undefined);
  }

  // A new document in the tab (a navigation) holds no content script yet.
  onTabLoading((tabId, status) => {
    const tab = tabs.get(tabId);
    if (!tab) return;
    if (status === 'loading') {
      tab.navigated = true;
      tab.frames.clear();
      publish(tab);
    } else if (tab.navigated) {
      tab.navigated = false;
      void look(tabId);
    }
  });

  return {
    /** A popup of `tabId` opened, or asks to look again (it was granted access to a site). */
    watch(popup: UiClient<PopupUpdate>, tabId: number): void {
      let tab = tabs.get(tabId);
      if (!tab) {
        tab = {
          popups: new Set(),
          frames: new Map(),
          error: undefined,
          navigated: false,
          lookAgain: coalesce(() => void look(tabId), LOOK_AGAIN_MS),
        };
        tabs.set(tabId, tab);
      }
      tab.popups.add(popup);
      void look(tabId);
    },

    /** A popup closed; gives the tabs no popup watches any more. */
    closed(popup: UiClient<PopupUpdate>): number[] {
      const unwatched: number[] = [];
      for (const [tabId, tab] of tabs) {
        if (!tab.popups.delete(popup) || tab.popups.size > 0) continue;
        tabs.delete(tabId);
        tab.lookAgain.cancel();
        unwatch(tabId, [...tab.frames.keys()]);
        unwatched.push(tabId);
      }
      return unwatched;
    },

    /** A frame's report; answers whether a popup still wants them. */
    reported(media: FrameMedia, tabId: number, frameId: number): { watching: boolean } {
      const tab = tabs.get(tabId);
      if (!tab) return { watching: false };
      const before = tab.frames.get(frameId);
      tab.frames.set(frameId, media);
      // Frames were added, navigated or loaded: the script may be missing from some.
      if (before && before.frameChanges !== media.frameChanges) tab.lookAgain.schedule();
      publish(tab);
      return { watching: true };
    },

    /** The tabs a popup is open on. */
    isWatched: (tabId: number) => tabs.has(tabId),
    popupsOf: (tabId: number): Iterable<UiClient<PopupUpdate>> => tabs.get(tabId)?.popups ?? [],
  };
}
