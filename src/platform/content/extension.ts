/** What a content script asks of the extension's APIs besides messages. */

import browser from 'webextension-polyfill';

/** The address of one of the extension's own pages, to mount in a frame. */
export const extensionPageUrl = (path: string): string => browser.runtime.getURL(path);

/** A private window, whose frames store apart from the extension's own storage. */
export const inPrivateWindow = (): boolean => browser.extension.inIncognitoContext === true;

/** Firefox: the element a context menu was opened on, by the id the menu click gave. */
export function menuTargetElement(targetElementId: number): Element | undefined {
  const menus = (browser as { menus?: { getTargetElement?(id: number): Element | null } }).menus;
  return menus?.getTargetElement?.(targetElementId) ?? undefined;
}
