/**
 * Toolbar popup: lists the active tab's media and drives recordings through the
 * background. Closing it never stops a recording: all state lives in the background, and
 * the popup shows it afresh every second.
 */

import browser from 'webextension-polyfill';
import { errorMessageKey, type ErrorCode } from '../shared/errors';
import { sortForDisplay, type LocatedMedia } from '../shared/media';
import { isCapturing } from '../shared/recording-state';
import { TOGGLE_RECORDING_COMMAND } from '../shared/commands';
import { sendToBackground, type ActionResult, type RecordingSnapshot } from '../platform/messaging/protocol';
import { localizeDocument, t } from '../platform/i18n';
import { replaceKeepingFocus } from '../platform/ui/dom';
import { startTestReporter } from './test-reporter';
import { frameAccessItem, mediaItem, mediaKey, recordingItem, type ViewActions } from './view';
import { requestSiteAccess } from '../platform/site-access';

const REFRESH_MS = 1000;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const notice = byId<HTMLParagraphElement>('notice');
const loading = byId<HTMLParagraphElement>('loading');
const empty = byId<HTMLParagraphElement>('empty');
const mediaSection = byId<HTMLElement>('media-section');
const mediaList = byId<HTMLUListElement>('media-list');
const framesSection = byId<HTMLElement>('frames-section');
const frameList = byId<HTMLUListElement>('frame-list');
const recordingsSection = byId<HTMLElement>('recordings-section');
const recordingList = byId<HTMLUListElement>('recording-list');

let tabId: number | undefined;
/** Where focus should land after the next render (the control that replaced the pressed one). */
let focusAfterRender: string | undefined;

function showNotice(error: ErrorCode | undefined): void {
  notice.hidden = !error;
  notice.textContent = error ? t(errorMessageKey(error)) : '';
}

async function act(request: Promise<ActionResult>, nextFocus?: string): Promise<void> {
  const result = await request.catch((): ActionResult => ({ ok: false, error: 'unknown' }));
  showNotice(result.ok ? undefined : result.error);
  focusAfterRender = result.ok ? nextFocus : undefined;
  await refresh();
}

const actions: ViewActions = {
  record: (media, audioOnly) => {
    if (tabId === undefined) return;
    void act(
      sendToBackground('start-recording', { tabId, frameId: media.frameId, mediaId: media.id, audioOnly }),
      `stop-of:${mediaKey(media)}`,
    );
  },
  allowSite: (origin) => {
    // Straight from the click: browsers grant permission requests only to a user's gesture.
    // Firefox may close the popup for its prompt; the access holds for the next opening.
    void requestSiteAccess(origin).then(async (granted) => {
      if (granted) await refresh();
    });
  },
  control: (recording, action) => {
    void act(sendToBackground('control-recording', { recordingId: recording.id, action }));
  },
  download: (recording) => {
    void act(sendToBackground('download-recording', { recordingId: recording.id }));
  },
  show: (recording) => {
    void act(sendToBackground('show-file', { recordingId: recording.id }));
  },
};

function render(
  media: LocatedMedia[],
  recordings: RecordingSnapshot[],
  pageReadable = true,
  originsToAsk: string[] = [],
): void {
  const active = new Map(
    recordings
      .filter((recording) => isCapturing(recording.state))
      .map((recording) => [mediaKey({ frameId: recording.frameId, id: recording.mediaId }), recording]),
  );
  const listed = new Set(media.map(mediaKey));
  const mediaItems = sortForDisplay(media).map((item, index) =>
    mediaItem(item, index, active.get(mediaKey(item)), actions),
  );
  // Finished recordings, and running ones whose element is no longer found.
  const others = recordings
    .filter(
      (recording) =>
        !isCapturing(recording.state) || !listed.has(mediaKey({ frameId: recording.frameId, id: recording.mediaId })),
    )
    .reverse()
    .map((recording) => recordingItem(recording, actions));

  loading.hidden = true;
  empty.hidden = !pageReadable || media.length > 0 || originsToAsk.length > 0;
  mediaSection.hidden = media.length === 0;
  recordingsSection.hidden = others.length === 0;
  framesSection.hidden = originsToAsk.length === 0;
  replaceKeepingFocus(mediaList, mediaItems);
  replaceKeepingFocus(
    frameList,
    originsToAsk.map((origin) => frameAccessItem(origin, actions)),
  );
  replaceKeepingFocus(recordingList, others);

  if (focusAfterRender?.startsWith('stop-of:')) {
    const recording = active.get(focusAfterRender.slice('stop-of:'.length));
    if (recording) document.querySelector<HTMLElement>(`[data-key="stop:${CSS.escape(recording.id)}"]`)?.focus();
  }
  focusAfterRender = undefined;
}

let refreshing = false;

async function refresh(): Promise<void> {
  if (tabId === undefined || refreshing) return;
  refreshing = true;
  try {
    await inspectAndRender(tabId);
  } finally {
    refreshing = false;
  }
}

async function inspectAndRender(tabId: number): Promise<void> {
  const inspection = await sendToBackground('inspect-tab', { tabId }).catch(() => undefined);
  if (!inspection) return showNotice('unknown');
  if (!inspection.ok) {
    showNotice(inspection.error);
    render([], inspection.recordings, false);
    return;
  }
  render(inspection.media, inspection.recordings, true, inspection.originsToAsk);
}

/** The shortcut as the user set it in the browser (it can be changed or removed there). */
async function showShortcut(): Promise<void> {
  const commands = await browser.commands.getAll().catch(() => []);
  const keys = commands.find(({ name }) => name === TOGGLE_RECORDING_COMMAND)?.shortcut;
  byId('shortcut').textContent = keys ? t('popup_shortcut', keys) : t('popup_noShortcut');
}

async function main(): Promise<void> {
  localizeDocument(document);
  void showShortcut();
  byId<HTMLButtonElement>('open-library').addEventListener('click', () => {
    void browser.tabs.create({ url: browser.runtime.getURL('pages/library/library.html') });
    window.close();
  });
  byId<HTMLButtonElement>('open-settings').addEventListener('click', () => {
    void browser.runtime.openOptionsPage();
    window.close();
  });
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  tabId = tab?.id;
  if (tabId === undefined) {
    showNotice('tab-unavailable');
    return;
  }
  await refresh();
  // After the first refresh: the content script that shows the reports is in the page.
  if (__TEST__) startTestReporter(tabId);
  setInterval(() => void refresh(), REFRESH_MS);
}

void main();
