/** Locale strings from `_locales`, for code and for static markup. */

import browser from 'webextension-polyfill';

export function t(key: string, substitutions?: string | string[]): string {
  const text = browser.i18n.getMessage(key, substitutions);
  // An empty answer means a missing key: show the key so it is noticed, never a blank.
  return text || key;
}

/**
 * Fills elements marked `data-i18n` (text) and `data-i18n-<attr>` (attributes such as
 * aria-label or title) under `root`, and sets the document language.
 */
export function localizeDocument(root: Document): void {
  root.documentElement.lang = browser.i18n.getUILanguage();
  for (const element of root.querySelectorAll<HTMLElement>('*')) {
    for (const { name, value } of Array.from(element.attributes)) {
      if (name === 'data-i18n') element.textContent = t(value);
      else if (name.startsWith('data-i18n-')) element.setAttribute(name.slice('data-i18n-'.length), t(value));
    }
  }
}
