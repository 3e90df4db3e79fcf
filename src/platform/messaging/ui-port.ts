/**
 * Both ends of the ports the extension's pages keep open to the background while they are
 * shown: the popup's (its tab's media and recordings) and the library's (every recording).
 * The background tells each change as it happens, so the pages never poll. Only the popup
 * page may open the popup's port, only the library the library's.
 */

import browser, { type Runtime } from 'webextension-polyfill';
import { extensionPageOf, LIBRARY, POPUP } from './channel';
import type { RecordingSnapshot } from './protocol';
import type { ErrorCode } from '../../shared/errors';
import type { LocatedMedia } from '../../shared/media';
import type { PartsSummary } from '../../shared/parts';
import type { RecordingRecord } from '../../shared/recording-record';
import { parsePopupMessage, parseUpdate, type PopupToBackground } from '../../shared/ui-port-message';

const POPUP_PORT = 'ui:popup';
const LIBRARY_PORT = 'ui:library';

/** What the popup lists of its tab, or why the extension cannot look into it. */
export type TabMedia =
  | {
      ok: true;
      media: LocatedMedia[];
      /** Origins of frames the extension may not reach yet: sites to ask access to. */
      originsToAsk: string[];
    }
  | { ok: false; error: ErrorCode };

export type PopupUpdate =
  | { type: 'tab-media'; contents: TabMedia }
  /** Every recording of the tab, as the background saw them at `at` (its Date.now()). */
  | { type: 'recordings'; recordings: RecordingSnapshot[]; at: number };

/**
 * A recording as the library shows it: its record without the slice-writer's secret and the
 * index's working state (the library reads the stored record when it composes a file).
 */
export type LibraryRecord = Omit<RecordingRecord, 'sliceKey' | 'packetTally' | 'mp4Index' | 'mp4Init' | 'webmScan'> & {
  /** A recording joined across source changes: its parts' count and the time lost at each switch. */
  parts?: PartsSummary;
};

export type LibraryUpdate =
  | { type: 'all'; records: LibraryRecord[] }
  | { type: 'changed'; record: LibraryRecord }
  | { type: 'removed'; id: string };

const POPUP_UPDATES: readonly PopupUpdate['type'][] = ['tab-media', 'recordings'];
const LIBRARY_UPDATES: readonly LibraryUpdate['type'][] = ['all', 'changed', 'removed'];
/** A background that went away (a restarted service worker) is reached again after this, doubling. */
const RECONNECT_MS = 100;
const RECONNECT_MAX_MS = 5000;
/**
 * Chromium stops a service worker idle for 30 s, open port or not, and Firefox suspends an
 * idle event page: a word on the port this often keeps the background, and what it
 * watches for the page, alive while the page is open.
 */
const KEEP_ALIVE_MS = 20_000;
const KEEP_ALIVE = { type: 'keep-alive' } as const;

/**
 * Keeps a port to the background open for as long as the page lives, opening it again
 * when the background restarts; `opened` runs on each (re)connection.
 */
function keepConnected<Update extends { type: string }>(
  name: string,
  types: readonly Update['type'][],
  onUpdate: (update: Update) => void,
  opened: (port: Runtime.Port) => void,
): () => Runtime.Port | undefined {
  let port: Runtime.Port | undefined;
  let wait = RECONNECT_MS;
  const connect = () => {
    const current = browser.runtime.connect({ name });
    port = current;
    current.onMessage.addListener((message: unknown) => {
      wait = RECONNECT_MS;
      const update = parseUpdate<Update>(message, types);
      if (update) onUpdate(update);
    });
    current.onDisconnect.addListener(() => {
      port = undefined;
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, RECONNECT_MAX_MS);
    });
    opened(current);
  };
  connect();
  setInterval(() => {
    try {
      port?.postMessage(KEEP_ALIVE);
    } catch {
      // Disconnected under us: the reconnection is under way.
    }
  }, KEEP_ALIVE_MS);
  return () => port;
}

/** The popup's end: watches `tabId`; `watch()` looks at the tab afresh (new site access). */
export function connectPopup(tabId: number, onUpdate: (update: PopupUpdate) => void): { watch(): void } {
  const message: PopupToBackground = { type: 'watch-tab', tabId };
  const current = keepConnected<PopupUpdate>(POPUP_PORT, POPUP_UPDATES, onUpdate, (port) => port.postMessage(message));
  return { watch: () => current()?.postMessage(message) };
}

/** The library's end. */
export function connectLibrary(onUpdate: (update: LibraryUpdate) => void): void {
  keepConnected<LibraryUpdate>(LIBRARY_PORT, LIBRARY_UPDATES, onUpdate, () => undefined);
}

export interface UiClient<Update> {
  send(update: Update): void;
}

function sender<Update>(port: Runtime.Port): UiClient<Update> {
  return {
    send: (update) => {
      try {
        port.postMessage(update);
      } catch {
        // The page closed under us; its disconnect follows.
      }
    },
  };
}

/** Background side of both ports; a port from any other page is closed at once. */
export function onUiPorts(handlers: {
  /** A popup asks to watch `tabId` (again). */
  watchTab(client: UiClient<PopupUpdate>, tabId: number): void;
  popupClosed(client: UiClient<PopupUpdate>): void;
  libraryOpened(client: UiClient<LibraryUpdate>): void;
  libraryClosed(client: UiClient<LibraryUpdate>): void;
}): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== POPUP_PORT && port.name !== LIBRARY_PORT) return;
    const page = port.sender && extensionPageOf(port.sender);
    if (port.name === LIBRARY_PORT) {
      if (page !== LIBRARY) return port.disconnect();
      const client = sender<LibraryUpdate>(port);
      // The library says nothing but its keep-alive, which needs no answer.
      port.onMessage.addListener(() => undefined);
      port.onDisconnect.addListener(() => handlers.libraryClosed(client));
      handlers.libraryOpened(client);
      return;
    }
    if (page !== POPUP) return port.disconnect();
    const client = sender<PopupUpdate>(port);
    // A popup belongs to one tab: the first it names.
    let watched: number | undefined;
    port.onMessage.addListener((received: unknown) => {
      const message = parsePopupMessage(received);
      if (!message || (watched !== undefined && message.tabId !== watched)) return;
      watched = message.tabId;
      handlers.watchTab(client, watched);
    });
    port.onDisconnect.addListener(() => {
      if (watched !== undefined) handlers.popupClosed(client);
    });
  });
}
