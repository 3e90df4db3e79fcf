/**
 * Background: Chromium's service worker, Firefox's event page. Answers the popup and tells
 * the open extension pages each change (ui-updates.ts), injects the content script on the
 * user's action, receives recorded slices on each recording's
 * port into IndexedDB, and saves finished recordings through the downloads API.
 * Listeners are registered synchronously at start so a woken worker misses no event.
 */

import { activeTabId as findActiveTabId, onActiveTabChanged } from '../platform/background/tabs';
import { onBackgroundStart, onShortcutPressed } from '../platform/background/lifecycle';
import {
  handleExtensionPageRequests,
  handleContentScriptRequests,
  sendToFrame,
  type ActionResult,
} from '../platform/messaging/protocol';
import { onRecordingPort } from '../platform/messaging/recording-port';
import { relayExtensionPageReportsForTest, relayPopupReportsForTest } from '../platform/messaging/test-relay';
import { deleteFinalFile } from '../platform/final-files';
import { removeLeftoverCopies } from '../platform/flat-copies';
import { freeSpace } from '../platform/background/storage-space';
import { RecordingStore } from '../platform/recording-store';
import { recordingsToLetGo } from '../shared/retention';
import { loadSettings } from '../platform/settings-store';
import { beforeMenuShown, createMenuItems, onMenuItemClicked, showMenuItemsFor } from './context-menu';
import { notifyEnd, notifyProblem, onNotificationClicked } from './end-notifier';
import { prepareRecordingFile, saveRecordingFile, saveSectionFile, showSavedFile } from './file-saver';
import { onWakeUp, wakeUps } from '../platform/background/wake-ups';
import { readAlongFinalFile, reportFinalizeProgress } from './final-file-url';
import { RecordingRegistry, type BackgroundStart } from './recording-registry';
import { parseSectionRequest } from '../shared/section-edit';
import { quickRecording } from './quick-recording';
import { recordingController } from './recording-control';
import { recordingStarter } from './start-recording';
import { uiUpdates } from './ui-updates';
import type { ErrorCode } from '../shared/errors';
import { TOGGLE_RECORDING_COMMAND } from '../shared/commands';
import { toolbarBadgeUpdater } from './toolbar-badge';
import { watchBackgroundForTest } from '../platform/unhandled-for-test';

const store = new RecordingStore();

const registry = new RecordingRegistry({
  store,
  // Progress is not a change of the record: the open pages are told of it here.
  saveSection: (record, section) => saveSectionFile(store, record, section),
  wakeUps,
  saveFile: (record, onProgress) =>
    saveRecordingFile(store, record, (fraction) => {
      onProgress(fraction);
      ui.recordingChanged(record);
    }),
  readAhead: (record) => prepareRecordingFile(store, record),
  readAlong: (record) => readAlongFinalFile(store, record),
  stopCapture: (record) => {
    void sendToFrame(record.tabId, record.frameId, 'control-capture', {
      recordingId: record.id,
      action: 'stop',
      because: record.error,
    }).catch(() => undefined);
  },
  freeSpace,
  now: () => Date.now(),
  newId: () => crypto.randomUUID(),
  onChange: (record) => {
    updateBadge(record.tabId);
    if (record.tabId === activeTabId) void showMenuItemsFor(registry.capturingInTab(record.tabId));
    ui.recordingChanged(record);
  },
  onFinished: (record) => {
    notifyEnd(record);
    void applyRetention();
  },
});
const updateBadge = toolbarBadgeUpdater(registry);
const ui = uiUpdates(registry, store);

/** Deletes a finished recording, and tells the open pages. */
async function deleteRecording(id: string): Promise<ErrorCode | undefined> {
  const tabId = registry.get(id)?.tabId;
  const error = await registry.delete(id, deleteFinalFile);
  if (!error) ui.recordingDeleted(id, tabId);
  return error;
}

/** Lets go of saved recordings beyond the days and space the user keeps (Settings). */
async function applyRetention(): Promise<void> {
  const { keepDays, keepGigabytes } = await loadSettings();
  const letGo = recordingsToLetGo(await store.listRecordings(), Date.now(), {
    keepDays,
    keepBytes: keepGigabytes * 1e9,
  });
  for (const id of letGo) await deleteRecording(id);
}

const ok: ActionResult = { ok: true };
const startRecording = recordingStarter(registry);
const controlRecording = recordingController(registry);
const { onMenuAction, onShortcut } = quickRecording({ registry, startRecording, controlRecording, notifyProblem });

handleContentScriptRequests({
  'continue-recording': async ({ previousId }, from) => {
    const previous = await registry.claimNextPart(previousId, from.tabId, from.frameId);
    if (!previous) return { ok: false, error: 'not-recording' };
    const started = await startRecording({
      ...from,
      mediaId: previous.mediaId,
      audioOnly: previous.audioOnly,
      part: previous.part + 1,
      previous,
    });
    if (!started.ok) await registry.nextPartFailed(previousId);
    return started;
  },
  'media-changed': async (media, from) => ui.mediaChanged(media, from),
});

handleExtensionPageRequests({
  'start-recording': ({ tabId, frameId, mediaId, audioOnly }) =>
    startRecording({ tabId, frameId, mediaId, audioOnly, part: 1 }),

  'control-recording': ({ recordingId, action }) => controlRecording(recordingId, action),

  'download-recording': async ({ recordingId }) => {
    const error = await registry.downloadAgain(recordingId);
    return error ? { ok: false, error } : ok;
  },

  'show-file': async ({ recordingId }) => {
    const downloadId = await registry.downloadIdOf(recordingId);
    return downloadId !== undefined && (await showSavedFile(downloadId)) ? ok : { ok: false, error: 'media-gone' };
  },

  'delete-recording': async ({ recordingId }) => {
    const error = await deleteRecording(recordingId);
    return error ? { ok: false, error } : ok;
  },

  'save-section': async (payload) => {
    // Numbers from a page are checked before they reach the index: finite, 0 ≤ start < end.
    const asked = parseSectionRequest(payload);
    if (!asked) return { ok: false, error: 'section-invalid' };
    const saved = await registry.saveSection(asked.recordingId, asked.section);
    return 'error' in saved ? { ok: false, error: saved.error } : { ok: true, ...saved };
  },

  'open-slice-writer': async ({ recordingId, key }, sender) =>
    (await registry.acceptsSliceWriter(recordingId, key, sender.tab?.id))
      ? { ok: true, webmScan: await registry.webmScanToGoOn(recordingId) }
      : { ok: false, error: 'not-recording' },

  'finalize-progress': async ({ recordingId, fraction }) => {
    reportFinalizeProgress(recordingId, fraction);
    return { ok: true };
  },
});

onRecordingPort((recordingId, tabId, frameId) => registry.attachPort(recordingId, tabId, frameId));
onWakeUp((name) => registry.wokenUp(name));

// The context menu's items follow the active tab's recordings (menus are not per tab).
let activeTabId: number | undefined;
const followTab = (tabId: number | undefined) => {
  activeTabId = tabId;
  if (tabId !== undefined) void showMenuItemsFor(registry.capturingInTab(tabId));
};
void createMenuItems();
void findActiveTabId().then(followTab);
onActiveTabChanged(followTab);
beforeMenuShown((tabId) => registry.capturingInTab(tabId));
onMenuItemClicked((action, target) => void onMenuAction(action, target));

onShortcutPressed((command, pressedIn) => {
  if (command !== TOGGLE_RECORDING_COMMAND) return;
  void (async () => {
    const tabId = pressedIn ?? (await findActiveTabId());
    if (tabId !== undefined) await onShortcut(tabId);
  })();
});

onNotificationClicked(async (recordingId) => {
  const downloadId = await registry.downloadIdOf(recordingId);
  if (downloadId !== undefined) void showSavedFile(downloadId);
});

// After a crash or a restart of this background, recordings may have been left unfinished.
// Pages still recording reconnect at once; whatever no page came back for by then is
// finished from what was stored and saved, its notification saying why it was left.
const RECOVERY_GRACE_MS = 5000;
let startCause: BackgroundStart = 'background-restart';
onBackgroundStart((cause) => {
  startCause = cause;
});
setTimeout(() => {
  void registry.recoverInterrupted(startCause).then((count) => {
    if (count > 0) console.info(`Media Recorder: recovering ${count} interrupted recording(s) (${startCause})`);
  });
  void applyRetention();
  // Firefox: copies made to save or play a file (platform/flat-copies.ts) a closed browser left.
  if (__BROWSER__ === 'firefox' && startCause !== 'background-restart') void removeLeftoverCopies();
}, RECOVERY_GRACE_MS);

if (__TEST__) {
  relayPopupReportsForTest();
  relayExtensionPageReportsForTest();
  watchBackgroundForTest();
}
