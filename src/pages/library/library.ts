/**
 * Recordings library: every recording kept by the extension, newest first, with its page,
 * site, date, length, size, format and state; play it here, download it again, show it in
 * its folder, delete it or all of them, save a section of it (section-editor.ts). The
 * background tells it every recording, and each change, on the library's port; it acts
 * through the background.
 */

import { sendToBackground, type ActionResult } from '../../platform/messaging/protocol';
import { connectLibrary, type LibraryRecord, type LibraryUpdate } from '../../platform/messaging/ui-port';
import { readFinalFile } from '../../platform/final-files';
import { composeFinishedFile } from '../../platform/composed-file';
import { asItIs, fileForParent, type FileForParent } from '../../platform/flat-copies';
import { noteForTest } from '../../platform/test-note';
import { RecordingStore } from '../../platform/recording-store';
import { localizeDocument, t } from '../../platform/i18n';
import { actionRunner } from '../../platform/ui/actions';
import { partsText } from '../../platform/ui/parts-text';
import { errorMessageKey } from '../../shared/errors';
import { missingSignalMessageKey } from '../../shared/signal-check';
import { formatBytes, formatElapsed } from '../../shared/format';
import { endReasonMessageKey } from '../../shared/end-reasons';
import { siteOf } from '../../shared/file-name';
import { CONTAINER_NAMES } from '../../shared/recording-format';
import { elapsedMs, isFinal } from '../../shared/recording-state';
import { button, h, replaceKeepingFocus } from '../../platform/ui/dom';
import { cutRefusal } from '../../shared/section-edit';
import { decimalSeparatorOf } from '../../shared/section-time';
import { startPageTestReporter } from '../test-reporter';
import { cannotCut, sectionEditor, type SectionEditor, type SectionSaved } from './section-editor';
import { realSectionOf } from './section-preview';

/** How often a running recording's time is redrawn: locally, from its record. */
const TICK_MS = 1000;
const list = document.getElementById('recordings') as HTMLUListElement;
const empty = document.getElementById('empty') as HTMLParagraphElement;
const storage = document.getElementById('storage') as HTMLParagraphElement;
const runner = actionRunner(document.getElementById('notice') as HTMLParagraphElement);
const deleteAll = document.getElementById('delete-all') as HTMLButtonElement;
/** The recording being previewed, its blob URL (and what lets go of its file), and the editor of a section of it. */
let preview: { id: string; url: string; release(): Promise<void>; editor?: SectionEditor } | undefined;
/** Opened at the first composed file played: the records themselves come from the background. */
let store: RecordingStore | undefined;
/** Every recording, by id, as the background last told; undefined until it has. */
let records: Map<string, LibraryRecord> | undefined;
let tick: ReturnType<typeof setInterval> | undefined;

async function act(request: Promise<ActionResult>): Promise<void> {
  await runner.run(request);
  render();
}

/**
 * A composed file is rebuilt from its stored record and slices (only its header is new); a
 * remuxed one is in OPFS.
 */
async function finishedFile(record: LibraryRecord): Promise<FileForParent | undefined> {
  if (!record.composed) {
    const file = await readFinalFile(record);
    return file && asItIs(file);
  }
  store ??= new RecordingStore();
  const stored = await store.getRecording(record.id);
  const composition = stored && (await composeFinishedFile(store, stored));
  if (!composition || !('file' in composition)) return undefined;
  // Firefox: a file of many stored parts is played from a copy in one file, not from the
  // parent process's memory (platform/flat-copies.ts).
  if (__BROWSER__ !== 'firefox') return asItIs(composition.file);
  const lent = await fileForParent(composition.file, composition.storedParts, record.id);
  if (__TEST__ && lent.copied) noteForTest(`flat-copy-play ${composition.storedParts}`);
  return lent;
}

function closePreview(): void {
  if (!preview) return;
  // The player holds the file (of the stored slices) until it is collected, which Firefox's
  // cycle collector may do long after: let go of it now, so deleted slices can be freed.
  const player = list.querySelector<HTMLMediaElement>(`[data-recording="${CSS.escape(preview.id)}"] :is(video, audio)`);
  if (player) {
    player.removeAttribute('src');
    player.load();
  }
  URL.revokeObjectURL(preview.url);
  void preview.release();
  preview.editor?.close();
  preview = undefined;
}

async function togglePreview(record: LibraryRecord): Promise<void> {
  const wasOpen = preview?.id === record.id;
  closePreview();
  if (!wasOpen) {
    const lent = await finishedFile(record);
    if (!lent) return runner.show('media-gone');
    preview = { id: record.id, url: URL.createObjectURL(lent.file), release: lent.release, editor: editorFor(record) };
  }
  render();
}

const playerOf = (id: string) =>
  list.querySelector<HTMLMediaElement>(`[data-recording="${CSS.escape(id)}"] :is(video, audio)`) ?? undefined;

/** The section editor under a recording's player, when it can be cut. */
function editorFor(record: LibraryRecord): SectionEditor | undefined {
  if (cutRefusal(record) || record.durationMs <= 0) return undefined;
  return sectionEditor({
    recordingId: record.id,
    titleId: `title-${record.id}`,
    durationMs: record.durationMs,
    // The page's language, set from the browser's (localizeDocument): `,` in French.
    decimal: decimalSeparatorOf(document.documentElement.lang || undefined),
    player: () => playerOf(record.id),
    realSection: async (section) => realSectionOf((store ??= new RecordingStore()), record.id, section),
    save: async ({ startMs, endMs }) => {
      const result = await sendToBackground('save-section', { recordingId: record.id, startMs, endMs });
      return (result.ok ? { ok: true, fileName: result.fileName } : result) satisfies SectionSaved;
    },
  });
}

function item(record: LibraryRecord, now: number): HTMLLIElement {
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
    partsText(record.parts)
      ? h('p', { class: 'details', 'data-parts': String(record.parts!.count) }, partsText(record.parts)!)
      : null,
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
          if (preview?.id === record.id) closePreview();
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
    const refusal = cutRefusal(record);
    // The editor holds its own state: its slot is left alone by the renders (filled in render()).
    if (preview.editor) element.append(h('div', { 'data-key': `section:${record.id}`, 'data-keep': true }));
    else if (refusal) element.append(cannotCut(refusal));
  }
  return element;
}

function render(): void {
  if (!records) return;
  const sorted = [...records.values()].sort((a, b) => b.createdAt - a.createdAt);
  const now = Date.now();
  empty.hidden = sorted.length > 0;
  deleteAll.hidden = !sorted.some((record) => isFinal(record.timeline.state));
  // Keep a playing preview as it is: re-rendering it would restart it.
  const playing = preview && list.querySelector(`[data-recording="${CSS.escape(preview.id)}"] :is(video, audio)`);
  const items = sorted.map((record) => item(record, now));
  if (playing)
    items
      .find((element) => element.dataset.recording === preview?.id)
      ?.querySelector(':is(video, audio)')
      ?.replaceWith(playing);
  replaceKeepingFocus(list, items);
  const slot = preview && list.querySelector(`[data-key="section:${CSS.escape(preview.id)}"]`);
  if (slot && preview?.editor && !slot.contains(preview.editor.element)) slot.append(preview.editor.element);
}

async function showStorageUsed(): Promise<void> {
  const { usage } = await navigator.storage.estimate();
  storage.textContent = t('library_storageUsed', formatBytes(usage ?? 0));
}

function onUpdate(update: LibraryUpdate): void {
  if (update.type === 'all') records = new Map(update.records.map((record) => [record.id, record]));
  else if (update.type === 'changed') records?.set(update.record.id, update.record);
  else records?.delete(update.id);
  // A running recording's time moves on here, with no message: redrawn while one runs.
  const running = [...(records?.values() ?? [])].some((record) => record.timeline.state === 'recording');
  if (running && tick === undefined) tick = setInterval(render, TICK_MS);
  if (!running && tick !== undefined) {
    clearInterval(tick);
    tick = undefined;
  }
  render();
  void showStorageUsed();
  if (update.type === 'removed') showStorageFreed();
  // The Blobs of the slices this page read are held while they may be read again (platform/held-blobs.ts).
  if (update.type === 'removed' || (update.type === 'changed' && update.record.slicesDeleted))
    void store?.letGoOfFreed();
}

/**
 * Firefox frees a deleted recording's stored slices only once the last Blob of them (a
 * composed file played or saved) is collected, which an idle browser may do a minute or
 * more later: the figure is looked at again, more and more rarely, for three minutes.
 */
function showStorageFreed(): void {
  for (const seconds of [2, 5, 10, 20, 40, 60, 80, 100, 120, 150, 180]) {
    setTimeout(() => void showStorageUsed(), seconds * 1000);
  }
}

deleteAll.addEventListener('click', async () => {
  if (!confirm(t('library_confirmDeleteAll'))) return;
  for (const record of [...(records?.values() ?? [])]) {
    if (isFinal(record.timeline.state))
      await sendToBackground('delete-recording', { recordingId: record.id }).catch(() => undefined);
  }
});

localizeDocument(document);
connectLibrary(onUpdate);
if (__TEST__) startPageTestReporter('library');
