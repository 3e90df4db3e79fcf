/** The browser's notifications, with the extension's icon. */

import browser from 'webextension-polyfill';

export function showNotification(id: string, title: string, message: string): void {
  void browser.notifications
    .create(id, { type: 'basic', iconUrl: browser.runtime.getURL('icons/icon-128.png'), title, message })
    .catch((error: unknown) => console.warn('Media Recorder: could not notify', error));
}

/** Clicks on a notification, which then goes away. */
export function onNotificationClicked(listener: (notificationId: string) => void): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    listener(notificationId);
    void browser.notifications.clear(notificationId);
  });
}
