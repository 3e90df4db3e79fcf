/**
 * Tells the extension's open pages each change as it happens, over their ports
 * (platform/messaging/ui-port.ts): the popup its tab's media (tab-watch.ts) and recordings,
 * the library every recording. Byte counts change with every slice, so a recording's
 * updates are sent at most a few times a second; a change of state goes at once.
 */

import { onUiPorts, type LibraryRecord, type LibraryUpdate, type UiClient } from '../platform/messaging/ui-port';
import type { RecordingStore } from '../platform/recording-store';
import type { RecordingRecord } from '../shared/recording-record';
import { isFinal, type RecordingState } from '../shared/recording-state';
import { partIdsOf, partsSummary } from '../shared/parts';
import { throttle, type Throttled } from '../shared/rate-limit';
import type { FrameMedia } from '../shared/media-report';
import type { RecordingRegistry } from './recording-registry';
import { tabWatch } from './tab-watch';

/** At most this often per tab (popup) or per recording (library): four times a second. */
const UPDATE_INTERVAL_MS = 250;

/**
 * The index's working state stays out: the library reads the stored record when it composes
 * a file. A recording joined from parts (`parts`, first part first) shows all of them.
 */
function forLibrary(record: RecordingRecord, parts: RecordingRecord[] = [record]): LibraryRecord {
  const { sliceKey: _key, packetTally: _tally, mp4Index: _mp4, mp4Init: _init, webmScan: _webm, ...shown } = record;
  if (parts.length < 2) return shown;
  return { ...shown, bytes: parts.reduce((sum, part) => sum + part.bytes, 0), parts: partsSummary(parts) };
}

/** The records the library lists: a joined recording's later parts are shown within its first. */
function libraryList(records: RecordingRecord[]): LibraryRecord[] {
  const byId = new Map(records.map((record) => [record.id, record]));
  return records
    .filter((record) => !record.joinedTo)
    .map((record) =>
      forLibrary(
        record,
        partIdsOf(record).flatMap((id) => byId.get(id) ?? []),
      ),
    );
}

export function uiUpdates(registry: RecordingRegistry, store: RecordingStore) {
  const tabs = tabWatch();
  const toTabs = new Map<number, Throttled>();
  const toLibrary = new Map<string, { throttled: Throttled; record: RecordingRecord }>();
  /** Library pages, and the updates held back from each until its full list is sent. */
  const libraries = new Map<UiClient<LibraryUpdate>, LibraryUpdate[] | undefined>();
  /** The state each recording was last shown in: a new one is sent without waiting. */
  const shownStates = new Map<string, RecordingState>();

  const recordingsOf = (tabId: number) =>
    ({ type: 'recordings', recordings: registry.snapshotsForTab(tabId), at: Date.now() }) as const;

  function sendRecordings(tabId: number): void {
    const update = recordingsOf(tabId);
    for (const popup of tabs.popupsOf(tabId)) popup.send(update);
  }

  function toLibraries(update: LibraryUpdate): void {
    for (const [library, held] of libraries) {
      if (held) held.push(update);
      else library.send(update);
    }
  }

  function tabThrottle(tabId: number): Throttled {
    let throttled = toTabs.get(tabId);
    if (!throttled) {
      throttled = throttle(() => sendRecordings(tabId), UPDATE_INTERVAL_MS);
      toTabs.set(tabId, throttled);
    }
    return throttled;
  }

  onUiPorts({
    watchTab(popup, tabId) {
      tabs.watch(popup, tabId);
      popup.send(recordingsOf(tabId));
    },
    popupClosed(popup) {
      for (const tabId of tabs.closed(popup)) {
        toTabs.get(tabId)?.cancel();
        toTabs.delete(tabId);
      }
    },
    libraryOpened(library) {
      libraries.set(library, []);
      void store
        .listRecordings()
        .catch(() => [])
        .then((records) => {
          const held = libraries.get(library);
          if (!held) return;
          libraries.set(library, undefined);
          library.send({ type: 'all', records: libraryList(records) });
          for (const update of held) library.send(update);
        });
    },
    libraryClosed: (library) => libraries.delete(library),
  });

  return {
    /** A recording changed (state, bytes, progress…). */
    recordingChanged(record: RecordingRecord): void {
      const urgent = shownStates.get(record.id) !== record.timeline.state;
      shownStates.set(record.id, record.timeline.state);
      if (tabs.isWatched(record.tabId)) {
        const throttled = tabThrottle(record.tabId);
        if (urgent) throttled.now();
        else throttled.schedule();
      }
      if (libraries.size === 0) return;
      // A later part of a joined recording changes what its first part shows.
      const head = record.joinedTo ? registry.get(record.joinedTo) : record;
      if (head) libraryChanged(head, urgent && !record.joinedTo);
    },

    /** A recording was deleted; `tabId` when it was made in this browser session. */
    recordingDeleted(id: string, tabId: number | undefined): void {
      toLibrary.get(id)?.throttled.cancel();
      toLibrary.delete(id);
      shownStates.delete(id);
      toLibraries({ type: 'removed', id });
      if (tabId !== undefined && tabs.isWatched(tabId)) tabThrottle(tabId).now();
    },

    mediaChanged: (media: FrameMedia, from: { tabId: number; frameId: number }) =>
      tabs.reported(media, from.tabId, from.frameId),
  };

  function libraryChanged(record: RecordingRecord, urgent: boolean): void {
    let pending = toLibrary.get(record.id);
    if (!pending) {
      const entry = {
        record,
        throttled: throttle(
          () =>
            toLibraries({
              type: 'changed',
              record: forLibrary(entry.record, registry.partsInMemory(entry.record)),
            }),
          UPDATE_INTERVAL_MS,
        ),
      };
      pending = entry;
      toLibrary.set(record.id, entry);
    }
    pending.record = record;
    if (!urgent) return pending.throttled.schedule();
    pending.throttled.now();
    // A finished recording rarely changes again (downloaded again, say): a new entry then.
    if (isFinal(record.timeline.state)) toLibrary.delete(record.id);
  }
}
