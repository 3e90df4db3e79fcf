/** Settings in `storage.sync`, so they follow the user between browsers of one account. */

import browser from 'webextension-polyfill';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../shared/settings';

const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  try {
    const stored = await browser.storage.sync.get(KEY);
    return normalizeSettings(stored[KEY]);
  } catch {
    // Sync storage can be turned off by policy; recording must still work.
    return DEFAULT_SETTINGS;
  }
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.sync.set({ [KEY]: normalizeSettings(settings) });
}
