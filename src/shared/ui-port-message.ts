/**
 * The checks messages on the extension pages' ports pass (platform/messaging/ui-port.ts).
 * The pages are the extension's own, but a message is still read field by field.
 */

/** Popup → background: watch this tab (again, after site access was granted, say). */
export type PopupToBackground = { type: 'watch-tab'; tabId: number };

export function parsePopupMessage(value: unknown): PopupToBackground | undefined {
  const message = value as Partial<PopupToBackground> | null;
  if (typeof message !== 'object' || message === null || message.type !== 'watch-tab') return undefined;
  return Number.isSafeInteger(message.tabId) && message.tabId! >= 0
    ? { type: 'watch-tab', tabId: message.tabId! }
    : undefined;
}

/** Background → page: an update of one of the known kinds, or undefined. */
export function parseUpdate<Update extends { type: string }>(
  value: unknown,
  types: readonly Update['type'][],
): Update | undefined {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof value === 'object' && types.includes(type as Update['type']) ? (value as Update) : undefined;
}
