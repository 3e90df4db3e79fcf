/**
 * Asks the browser for access to one site (the browser's own prompt), as the popup's "Allow
 * access" button and a menu click on a player embedded from another site do. Browsers grant
 * a request only while handling a user's gesture: call it straight from the click, before
 * any `await`, or the gesture is lost.
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
