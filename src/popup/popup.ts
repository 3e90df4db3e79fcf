/**
 * Toolbar popup: lists the active tab's media and drives recordings through the
 * background. Closing it never stops a recording: all state lives in the background, which
 * tells the popup each change on its port while it is open.
 */

import { openLibraryPage, openSettingsPage, popupTabId, shortcutOf } from '../platform/ui/extension-pages';
import { sortForDisplay } from '../shared/media';
import { TOGGLE_RECORDING_COMMAND } from '../shared/commands';
import { sendToBackground, type ActionResult, type RecordingSnapshot } from '../platform/messaging/protocol';
import { connectPopup, type PopupUpdate, type TabMedia } from '../platform/messaging/ui-port';
import { localizeDocument, t } from '../platform/i18n';
import { actionRunner } from '../platform/ui/actions';
import { replaceKeepingFocus } from '../platform/ui/dom';
import { startTestReporter } from './test-reporter';
import { frameAccessItem, isLive, mediaItem, mediaKey, recordingItem, type ViewActions } from './view';
import { requestSiteAccess } from '../platform/site-access';

/** How often a running recording's time is redrawn: locally, from its last snapshot. */
const TICK_MS = 500;
/** How long focus waits for the control a pressed button leads to (the Stop of a new recording). */
const FOCUS_WAIT_MS = 5000;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const runner = actionRunner(byId('notice'));
const loading = byId<HTMLParagraphElement>('loading');
const empty = byId<HTMLParagraphElement>('empty');
const mediaSection = byId<HTMLElement>('media-section');
const mediaList = byId<HTMLUListElement>('media-list');
const framesSection = byId<HTMLElement>('frames-section');
const frameList = byId<HTMLUListElement>('frame-list');
const recordingsSection = byId<HTMLElement>('recordings-section');
const recordingList = byId<HTMLUListElement>('recording-list');

let tabId: number | undefined;
let connection: { watch(): void } | undefined;
/** The tab's media as last told; undefined until the background has looked at the tab. */
let contents: TabMedia | undefined;
let recordings: RecordingSnapshot[] = [];
/** When (the background's clock) `recordings` were taken: running ones have gone on since. */
let recordingsAt = 0;
let tick: ReturnType<typeof setInterval> | undefined;
/** Where focus should land once it is shown (the control that replaced the pressed one). */
let focusAfter: { key: string; until: number } | undefined;

async function act(request: Promise<ActionResult>, nextFocus?: string): Promise<void> {
  const ok = await runner.run(request);
  focusAfter = ok && nextFocus ? { key: nextFocus, until: Date.now() + FOCUS_WAIT_MS } : undefined;
  render();
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
    void requestSiteAccess(origin).then((granted) => granted && connection?.watch());
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

/** The recordings as they stand now: a running one's time has gone on since its snapshot. */
function recordingsNow(): RecordingSnapshot[] {
  const since = Math.max(0, Date.now() - recordingsAt);
  return recordings.map((recording) =>
    recording.state === 'recording' ? { ...recording, elapsedMs: recording.elapsedMs + since } : recording,
  );
}

function render(): void {
  const current = recordingsNow();
  const media = contents?.ok ? contents.media : [];
  const originsToAsk = contents?.ok ? contents.originsToAsk : [];
  const active = new Map(
    current
      .filter(isLive)
      .map((recording) => [mediaKey({ frameId: recording.frameId, id: recording.mediaId }), recording]),
  );
  const listed = new Set(media.map(mediaKey));
  const mediaItems = sortForDisplay(media).map((item, index) =>
    mediaItem(item, index, active.get(mediaKey(item)), actions),
  );
  // Finished recordings, and running ones whose element is no longer found. Running ones
  // wait for the tab's media: listed here first, a recording of this tab would move into
  // the media list when they come, its buttons made anew under a click on its way there.
  const others = current
    .filter(
      (recording) =>
        !isLive(recording) ||
        (contents !== undefined && !listed.has(mediaKey({ frameId: recording.frameId, id: recording.mediaId }))),
    )
    .reverse()
    .map((recording) => recordingItem(recording, actions));

  loading.hidden = contents !== undefined;
  empty.hidden = !contents?.ok || media.length > 0 || originsToAsk.length > 0;
  mediaSection.hidden = media.length === 0;
  recordingsSection.hidden = others.length === 0;
  framesSection.hidden = originsToAsk.length === 0;
  replaceKeepingFocus(mediaList, mediaItems);
  replaceKeepingFocus(
    frameList,
    originsToAsk.map((origin) => frameAccessItem(origin, actions)),
  );
  replaceKeepingFocus(recordingList, others);
  moveFocus(active);
}

function moveFocus(active: Map<string, RecordingSnapshot>): void {
  if (!focusAfter || Date.now() > focusAfter.until) return void (focusAfter = undefined);
  if (!focusAfter.key.startsWith('stop-of:')) return;
  const recording = active.get(focusAfter.key.slice('stop-of:'.length));
  // A starting recording has no Stop yet: it comes with a later update.
  const stop = recording && document.querySelector<HTMLElement>(`[data-key="stop:${CSS.escape(recording.id)}"]`);
  if (!stop) return;
  stop.focus();
  focusAfter = undefined;
}

/** A running recording's time moves on here, with no message: redrawn while one runs. */
function keepTicking(): void {
  const running = recordings.some((recording) => recording.state === 'recording');
  if (running && tick === undefined) tick = setInterval(render, TICK_MS);
  if (!running && tick !== undefined) {
    clearInterval(tick);
    tick = undefined;
  }
}

function onUpdate(update: PopupUpdate): void {
  if (update.type === 'recordings') {
    recordings = update.recordings;
    recordingsAt = update.at;
    keepTicking();
  } else {
    const first = contents === undefined;
    contents = update.contents;
    if (!contents.ok) runner.show(contents.error);
    // From now on the content script that shows the reports is in the page.
    if (__TEST__ && first && tabId !== undefined) startTestReporter(tabId);
  }
  render();
}

/** The shortcut as the user set it in the browser (it can be changed or removed there). */
async function showShortcut(): Promise<void> {
  const keys = await shortcutOf(TOGGLE_RECORDING_COMMAND);
  byId('shortcut').textContent = keys ? t('popup_shortcut', keys) : t('popup_noShortcut');
}

async function main(): Promise<void> {
  localizeDocument(document);
  void showShortcut();
  byId<HTMLButtonElement>('open-library').addEventListener('click', () => {
    openLibraryPage();
    window.close();
  });
  byId<HTMLButtonElement>('open-settings').addEventListener('click', () => {
    openSettingsPage();
    window.close();
  });
  tabId = await popupTabId();
  if (tabId === undefined) return runner.show('tab-unavailable');
  connection = connectPopup(tabId, onUpdate);
}

void main();
