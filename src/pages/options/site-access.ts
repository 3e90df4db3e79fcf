/**
 * The "all sites" checkbox: a permission, not a stored setting. Checking it asks the
 * browser for access to every site (the browser's own prompt); unchecking gives it back.
 * It shows what the browser has granted, also when changed from the browser's own pages.
 */

import browser from 'webextension-polyfill';

const ALL_SITES = { origins: ['*://*/*'] };

export function bindAllSitesCheckbox(checkbox: HTMLInputElement): void {
  const show = async () => {
    checkbox.checked = await browser.permissions.contains(ALL_SITES);
  };
  checkbox.addEventListener('change', (event) => {
    // Keeps the settings form from saving on this change: it is no setting.
    event.stopPropagation();
    // Asked straight from the click: browsers grant permissions only to a user's gesture.
    const change = checkbox.checked ? browser.permissions.request(ALL_SITES) : browser.permissions.remove(ALL_SITES);
    void change.catch(() => false).then(show);
  });
  browser.permissions.onAdded.addListener(() => void show());
  browser.permissions.onRemoved.addListener(() => void show());
  void show();
}
