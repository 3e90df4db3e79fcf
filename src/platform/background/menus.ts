/**
 * The context menu API of each browser. Firefox names it `menus` (which alone has
 * `getTargetElement` and `onShown`); Chromium `contextMenus`; Firefox for Android has none.
 */

import browser, { type Menus } from 'webextension-polyfill';

const menus = (browser.menus ?? browser.contextMenus) as Menus.Static | undefined;

export type MenuContext = 'video' | 'audio' | 'page';

export interface MenuItem {
  id: string;
  title: string;
  contexts: MenuContext[];
}

/** One click on one of our items, as each browser reports it. */
export interface MenuClick {
  itemId: string;
  tabId: number;
  frameId: number;
  frameUrl: string | undefined;
  pageUrl: string | undefined;
  /** Firefox only: the element clicked, for `menus.getTargetElement` in its frame. */
  targetElementId: number | undefined;
  srcUrl: string | undefined;
  /** Chosen from the page's menu, not a media element's. */
  onPage: boolean;
}

/** Replaces every item of ours by `items`. */
export async function replaceMenuItems(items: readonly MenuItem[]): Promise<void> {
  if (!menus) return;
  await menus.removeAll();
  for (const item of items) menus.create({ id: item.id, title: item.title, contexts: item.contexts });
}

export function onMenuClicked(listener: (click: MenuClick) => void): void {
  menus?.onClicked.addListener((info, tab) => {
    if (tab?.id === undefined) return;
    listener({
      itemId: String(info.menuItemId),
      tabId: tab.id,
      frameId: info.frameId ?? 0,
      frameUrl: info.frameUrl,
      pageUrl: info.pageUrl ?? tab.url,
      targetElementId: info.targetElementId,
      srcUrl: info.srcUrl,
      onPage: info.mediaType === undefined,
    });
  });
}

/** Firefox: `update` runs right before the menu opens in a tab, then the menu is redrawn. */
export function beforeMenuShown(update: (tabId: number) => Promise<unknown>): void {
  if (!menus?.onShown) return;
  menus.onShown.addListener((_info, tab) => {
    if (tab?.id === undefined) return;
    void update(tab.id).then(() => menus.refresh());
  });
}
