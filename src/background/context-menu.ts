/**
 * The context menu on video and audio: "Record this video" / "Record this audio" always,
 * and "Pause", "Resume", "Stop recording" while the tab records. Also on the page's own
 * menu, "Record the video on this page" (and the same Pause / Resume / Stop): Chromium shows
 * the page's menu, not the video's, where a player lays its own layers over the video (a
 * click-catcher, a control bar), which most real players do. Menu items are global
 * (Chromium has no per-tab menus), so they follow the active tab; Firefox also asks just
 * before it shows the menu (`menus.onShown`), for the tab clicked in.
 *
 * Items are made afresh each time the background starts (removeAll, then create), so a
 * restarted service worker or an updated extension never meets a duplicate id.
 */

import {
  beforeMenuShown as beforeShown,
  onMenuClicked,
  replaceMenuItems,
  type MenuContext,
} from '../platform/background/menus';
import { t } from '../platform/i18n';
import { requestSiteAccess } from '../platform/site-access';
import { foreignFrameOrigin } from '../shared/frame-access';
import type { RecordingRecord } from '../shared/recording-record';

export type MenuAction = 'record' | 'pause' | 'resume' | 'stop';

/** Where the click was: the tab, the frame, and what each browser says of the element. */
export interface MenuTarget {
  tabId: number;
  frameId: number;
  targetElementId: number | undefined;
  srcUrl: string | undefined;
  /** Chosen from the page's menu, not a media element's. */
  onPage: boolean;
  /**
   * Whether the user allowed the access asked for at the click, when it was in a frame from
   * another site than its page (an embedded player); undefined when none was needed.
   */
  siteAccess: Promise<boolean> | undefined;
}

const ITEMS: { id: string; action: MenuAction; title: string; contexts: MenuContext[] }[] = [
  { id: 'record-video', action: 'record', title: 'menu_recordVideo', contexts: ['video'] },
  { id: 'record-audio', action: 'record', title: 'menu_recordAudio', contexts: ['audio'] },
  // Chromium's `page` context does not match on media, so "Record this video" stays alone
  // (at the top level) there; and it matches inside frames too.
  { id: 'record-page', action: 'record', title: 'menu_recordOnPage', contexts: ['page'] },
  { id: 'pause-recording', action: 'pause', title: 'menu_pause', contexts: ['video', 'audio', 'page'] },
  { id: 'resume-recording', action: 'resume', title: 'menu_resume', contexts: ['video', 'audio', 'page'] },
  { id: 'stop-recording', action: 'stop', title: 'menu_stop', contexts: ['video', 'audio', 'page'] },
];

/** Menu changes run one after another: an update must not race the items' creation. */
let work: Promise<unknown> = Promise.resolve();
const queue = (step: () => Promise<unknown>) => (work = work.then(step).catch((error: unknown) => console.warn(error)));

let itemsNow = '';

function visibility(capturing: readonly RecordingRecord[]): Record<MenuAction, boolean> {
  const states = capturing.map((record) => record.timeline.state);
  return {
    record: true,
    pause: states.some((state) => state === 'recording'),
    resume: states.some((state) => state === 'paused'),
    stop: states.some((state) => state === 'recording' || state === 'paused'),
  };
}

/**
 * Makes the menu hold exactly the items that apply. Items are removed rather than hidden:
 * Chromium puts an extension's items under a submenu as soon as two of them match, hidden
 * ones included, and a lone "Record this video" belongs at the top level.
 */
function setMenuItems(wanted: Record<MenuAction, boolean>, force = false): Promise<unknown> {
  return queue(async () => {
    const key = JSON.stringify(wanted);
    if (key === itemsNow && !force) return;
    itemsNow = key;
    await replaceMenuItems(
      ITEMS.filter(({ action }) => wanted[action]).map(({ id, title, contexts }) => ({
        id,
        title: t(title),
        contexts,
      })),
    );
  });
}

/** At every start of the background: the items from scratch, so none is left or doubled. */
export function createMenuItems(): Promise<unknown> {
  return setMenuItems(visibility([]), true);
}

/** Shows the items that apply to a tab with these recordings still capturing. */
export function showMenuItemsFor(capturing: readonly RecordingRecord[]): Promise<unknown> {
  return setMenuItems(visibility(capturing));
}

export function onMenuItemClicked(handler: (action: MenuAction, target: MenuTarget) => void): void {
  onMenuClicked(({ itemId, tabId, frameId, frameUrl, pageUrl, targetElementId, srcUrl, onPage }) => {
    const item = ITEMS.find(({ id }) => id === itemId);
    if (!item) return;
    // Asked first thing: the click is a user's gesture only until this listener awaits.
    const foreign = frameId !== 0 ? foreignFrameOrigin(frameUrl, pageUrl) : undefined;
    const siteAccess = foreign ? requestSiteAccess(foreign) : undefined;
    handler(item.action, { tabId, frameId, targetElementId, srcUrl, onPage, siteAccess });
  });
}

/** Firefox: set the items for the tab right before the menu opens. */
export function beforeMenuShown(capturingIn: (tabId: number) => readonly RecordingRecord[]): void {
  beforeShown((tabId) => showMenuItemsFor(capturingIn(tabId)));
}
