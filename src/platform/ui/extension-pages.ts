/** What the popup asks of the browser besides messages: its tab, the shortcut, other pages. */

import browser from 'webextension-polyfill';

/** The tab the popup was opened over. */
export async function popupTabId(): Promise<number | undefined> {
  return (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
}

/** The keys of a command as the user set them in the browser; undefined when it has none. */
export async function shortcutOf(command: string): Promise<string | undefined> {
  const commands = await browser.commands.getAll().catch(() => []);
  return commands.find(({ name }) => name === command)?.shortcut || undefined;
}

export function openLibraryPage(): void {
  void browser.tabs.create({ url: browser.runtime.getURL('pages/library/library.html') });
}

export function openSettingsPage(): void {
  void browser.runtime.openOptionsPage();
}
