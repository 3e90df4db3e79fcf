/**
 * Access to sites, asked of the browser (its own prompt): one site, as the popup's "Allow
 * access" button and a menu click on a player embedded from another site do, or all sites
 * from Settings. Browsers grant a request only while handling a user's gesture: call it
 * straight from the click, before any `await`, or the gesture is lost.
 */

import browser from 'webextension-polyfill';
import { originPattern } from '../shared/frame-access';

/** True once the user allowed it (at once when it was already allowed); false if they declined. */
export function requestSiteAccess(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(origin)] }).catch((error: unknown) => {
    console.warn('Media Recorder: could not ask for access to', origin, error);
    return false;
  });
}

const ALL_SITES = { origins: ['*://*/*'] };

export const hasAllSitesAccess = (): Promise<boolean> => browser.permissions.contains(ALL_SITES);

/** Asks for all sites (true once granted), or gives that access back. */
export const setAllSitesAccess = (wanted: boolean): Promise<boolean> =>
  (wanted ? browser.permissions.request(ALL_SITES) : browser.permissions.remove(ALL_SITES)).catch(() => false);

/** Access granted or given back, here or from the browser's own pages. */
export function onSiteAccessChanged(listener: () => void): void {
  browser.permissions.onAdded.addListener(() => listener());
  browser.permissions.onRemoved.addListener(() => listener());
}
