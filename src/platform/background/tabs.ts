/** Tabs as the background needs them: what page a tab shows, which tab is active. */

import browser from 'webextension-polyfill';

/** The page a tab shows, or undefined when the tab is gone. */
export async function tabPage(tabId: number): Promise<{ title: string; url: string } | undefined> {
  try {
    const tab = await browser.tabs.get(tabId);
    return { title: tab.title ?? '', url: tab.url ?? '' };
  } catch {
    return undefined;
  }
}

/** The active tab of the window last focused. */
export async function activeTabId(): Promise<number | undefined> {
  return (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
}

/** Another tab became active, in this window or by focusing another (Firefox for Android has no windows). */
export function onActiveTabChanged(listener: (tabId: number | undefined) => void): void {
  browser.tabs.onActivated.addListener(({ tabId }) => listener(tabId));
  browser.windows?.onFocusChanged.addListener(() => void activeTabId().then(listener));
}

/** A tab began loading a new document (`'loading'`) or finished (`'complete'`). */
export function onTabLoading(listener: (tabId: number, status: 'loading' | 'complete') => void): void {
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' || change.status === 'complete') listener(tabId, change.status);
  });
}
