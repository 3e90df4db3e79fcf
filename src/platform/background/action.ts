/** The toolbar button's badge and tooltip, per tab. */

import browser from 'webextension-polyfill';

export interface ButtonLook {
  text: string;
  title: string;
  /** The badge's colour; undefined leaves it as it is (no badge). */
  color: string | undefined;
}

/** Rejects when the tab is gone. */
export async function setButtonLook(tabId: number, { text, title, color }: ButtonLook): Promise<void> {
  const { action } = browser;
  await Promise.all([
    action.setBadgeText({ tabId, text }),
    action.setTitle({ tabId, title }),
    color && action.setBadgeBackgroundColor({ tabId, color }),
    color && action.setBadgeTextColor?.({ tabId, color: '#ffffff' }),
  ]);
}

export function onTabClosed(listener: (tabId: number) => void): void {
  browser.tabs.onRemoved.addListener((tabId) => listener(tabId));
}
