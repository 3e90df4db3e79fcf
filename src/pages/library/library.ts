/**
 * Recordings library: every recording kept by the extension, newest first, with its page,
 * site, date, length, size, format and state; play it here, download it again, show it in
 * its folder, delete it or all of them. Reads the records from IndexedDB; acts through the
 * background.
 */

import { sendToBackground, type ActionResult } from '../../platform/messaging/protocol';
import { readFinalFile } from '../../platform/final-files';
import { composeFinishedFile } from '../../platform/composed-file';
import { localizeDocument, t } from '../../platform/i18n';
import { RecordingStore } from '../../platform/recording-store';
import { errorMessageKey, type ErrorCode } from '../../shared/errors';
import { missingSignalMessageKey } from '../../shared/signal-check';
import { formatBytes, formatElapsed } from '../../shared/format';
import { endReasonMessageKey } from '../../shared/end-reasons';
import { siteOf } from '../../shared/file-name';
import { CONTAINER_NAMES } from '../../shared/recording-format';
import type { RecordingRecord } from '../../shared/recording-record';
import { elapsedMs, isFinal } from '../../shared/recording-state';
import { button, h, replaceKeepingFocus } from '../../platform/ui/dom';
import { startPageTestReporter } from '../test-reporter';

const REFRESH_MS = 2000;
const store = new RecordingStore();
const list = document.getElementById('recordings') as HTMLUListElement;
const empty = document.getElementById('empty') as HTMLParagraphElement;
const storage = document.getElementById('storage') as HTMLParagraphElement;
const notice = document.getElementById('notice') as HTMLParagraphElement;
const deleteAll = document.getElementById('delete-all') as HTMLButtonElement;
/** The recording being previewed, and its blob URL. */
let preview: { id: string; url: string } | undefined;

function showNotice(error: ErrorCode | undefined): void {
  notice.hidden = !error;
  notice.textContent = error ? t(errorMessageKey(error)) : '';
}

async function act(request: Promise<ActionResult>): Promise<void> {
  const result = await request.catch((): ActionResult => ({ ok: false, error: 'unknown' }));
  showNotice(result.ok ? undefined : result.error);
  await refresh();
}

/** A composed file is rebuilt from its slices (only its header is new); a remuxed one is in OPFS. */
async function finishedFile(record: RecordingRecord): Promise<Blob | undefined> {
  if (!record.composed) return readFinalFile(record);
  const composition = await composeFinishedFile(store, record);
  return 'file' in composition ? composition.file : undefined;
}

async function togglePreview(record: RecordingRecord): Promise<void> {
  const wasOpen = preview?.id === record.id;
  if (preview) URL.revokeObjectURL(preview.url);
  preview = undefined;
  if (!wasOpen) {
    const file = await finishedFile(record);
    if (!file) return showNotice('media-gone');
    preview = { id: record.id, url: URL.createObjectURL(file) };
  }
  await refresh();
}

function item(record: RecordingRecord, now: number): HTMLLIElement {
  const titleId = `title-${record.id}`;
  const final = isFinal(record.timeline.state);
  const duration = record.durationMs > 0 ? record.durationMs : elapsedMs(record.timeline, now);
  const size = record.fileSize > 0 ? record.fileSize : record.bytes;
  const state = t(`state_${record.timeline.state}`) + (record.recovered ? ` · ${t('library_recovered')}` : '');
  const details = [
    siteOf(record.pageUrl),
    new Date(record.createdAt).toLocaleString(),
    formatElapsed(duration),
    formatBytes(size),
    record.format ? CONTAINER_NAMES[record.format.container] : '',
    state,
  ].filter(Boolean);
  const note = endReasonMessageKey(record.timeline.endReason);
  const element = h(
    'li',
    { class: 'recording', 'data-recording': record.id, 'data-state': record.timeline.state },
    h('h2', { id: titleId }, record.fileName ?? record.pageTitle ?? t(`kind_${record.mediaKind}`)),
    h('p', { class: 'details' }, details.join(' · ')),
    record.error
      ? h('p', { class: 'notice' }, t(errorMessageKey(record.error)))
      : note
        ? h('p', { class: 'details' }, t(note))
        : null,
    ...(record.missingSignals ?? []).map((signal) =>
      h('p', { class: 'notice' }, t(missingSignalMessageKey(signal, final))),
    ),
  );
  if (!final) return element;
  const canPlay = record.finalized;
  const actions = h(
    'div',
    { class: 'actions' },
    button(
      t(preview?.id === record.id ? 'library_hidePreview' : 'library_play'),
      `play:${record.id}`,
      () => void togglePreview(record),
      { describedBy: titleId, disabled: !canPlay },
    ),
    button(
      t('popup_download'),
      `download:${record.id}`,
      () => void act(sendToBackground('download-recording', { recordingId: record.id })),
      { describedBy: titleId },
    ),
    record.downloadId !== undefined &&
      button(
        t('popup_showInFolder'),
        `show:${record.id}`,
        () => void act(sendToBackground('show-file', { recordingId: record.id })),
        { describedBy: titleId },
      ),
    button(
      t('library_delete'),
      `delete:${record.id}`,
      () => {
        if (confirm(t('library_confirmDelete', record.fileName ?? record.pageTitle))) {
          // A composed file playing here holds the stored slices: let go of it, so they can go.
          if (preview?.id === record.id) {
            URL.revokeObjectURL(preview.url);
            preview = undefined;
          }
          void act(sendToBackground('delete-recording', { recordingId: record.id }));
        }
      },
      { describedBy: titleId },
    ),
  );
  element.append(actions);
  if (preview?.id === record.id) {
    const player = h(record.format?.hasVideo ? 'video' : 'audio', { controls: true, src: preview.url });
    element.append(player);
  }
  return element;
}

let refreshing = false;

async function refresh(): Promise<void> {
  if (refreshing) return;
  refreshing = true;
  try {
    const records = (await store.listRecordings()).sort((a, b) => b.createdAt - a.createdAt);
    const now = Date.now();
    empty.hidden = records.length > 0;
    deleteAll.hidden = !records.some((record) => isFinal(record.timeline.state));
    // Keep a playing preview as it is: re-rendering it would restart it.
    const playing = preview && list.querySelector(`[data-recording="${CSS.escape(preview.id)}"] :is(video, audio)`);
    const items = records.map((record) => item(record, now));
    if (playing)
      items
        .find((element) => element.dataset.recording === preview?.id)
        ?.querySelector(':is(video, audio)')
        ?.replaceWith(playing);
    replaceKeepingFocus(list, items);
    const { usage } = await navigator.storage.estimate();
    storage.textContent = t('library_storageUsed', formatBytes(usage ?? 0));
  } finally {
    refreshing = false;
  }
}

deleteAll.addEventListener('click', async () => {
  if (!confirm(t('library_confirmDeleteAll'))) return;
  for (const record of await store.listRecordings()) {
    if (isFinal(record.timeline.state))
      await sendToBackground('delete-recording', { recordingId: record.id }).catch(() => undefined);
  }
  await refresh();
});

localizeDocument(document);
void refresh();
if (__TEST__) startPageTestReporter('library');
setInterval(() => void refresh(), REFRESH_MS);
