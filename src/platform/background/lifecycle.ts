/** Why the background started, and the keyboard shortcut's command. */

import browser from 'webextension-polyfill';

/**
 * The browser started (it had been closed or crashed) or the extension was installed or
 * updated. Listening to startup also makes the browser start the background when it
 * starts, not only when the user next acts.
 */
export function onBackgroundStart(listener: (cause: 'browser-start' | 'extension-update') => void): void {
  browser.runtime.onStartup.addListener(() => listener('browser-start'));
  browser.runtime.onInstalled.addListener(() => listener('extension-update'));
}

/** A keyboard shortcut of the extension, with the tab it was pressed in when the browser says. */
export function onShortcutPressed(listener: (command: string, tabId: number | undefined) => void): void {
  // Firefox for Android has no commands.
  browser.commands?.onCommand.addListener((command, tab) => listener(command, tab?.id));
}
