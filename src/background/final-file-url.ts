/**
 * Lends a blob URL of a recording's finished file for as long as `use` runs. The file is
 * built where there is a document: Firefox's background page builds it itself; Chromium's
 * service worker has no OPFS writer and no URL.createObjectURL, so its offscreen document
 * builds it and reports progress back. Chosen at build time, so the worker's bundle holds
 * no muxer.
 */

import { sendToOffscreen, type PreparedFile } from '../platform/messaging/protocol';
import type { buildFinalFile, BuildOptions, PartsApart } from '../finishing/final-file';
import { closeOffscreenDocument, ensureOffscreenDocument } from '../platform/background/offscreen-document';
import type { RecordingStore } from '../platform/recording-store';
import { noteForTest } from '../platform/test-note';
import { fileForParent, opfsFlatCopies, type FlatCopies } from '../platform/flat-copies';
import type { RecordingRecord } from '../shared/recording-record';

type ProgressListener = (fraction: number) => void;
/**
 * Lends the file of `record` (or of the section `options` asks for) to `use`. A recording
 * joined from parts that cannot share a file gets `cannotShare` instead, and `use` is not run.
 */
type Lend = <T>(
  store: RecordingStore,
  record: RecordingRecord,
  onProgress: ProgressListener,
  use: (file: PreparedFile) => Promise<T>,
  options?: BuildOptions,
) => Promise<T | PartsApart>;

const progressListeners = new Map<string, ProgressListener>();
let lentFromOffscreen = 0;
let idleClose: ReturnType<typeof setTimeout> | undefined;
/** Until when the document is kept for the reads it is doing ahead (a time from Date.now()). */
let keptUntil = 0;
/** The document holds references to finished files; it goes once unused for this long. */
const OFFSCREEN_IDLE_MS = 30_000;
/**
 * After a read ahead, the document (and what it read) is kept this long: past the minute
 * between two steps read along a long recording (background/recordings/read-along.ts).
 */
export const READ_AHEAD_KEEP_MS = 2 * 60_000;

/** Closes the document once nothing is lent from it and nothing read ahead is kept, `ms` from now at the soonest. */
function closeWhenIdle(ms: number): void {
  clearTimeout(idleClose);
  const wait = Math.max(ms, keptUntil - Date.now());
  idleClose = setTimeout(() => {
    if (lentFromOffscreen > 0) return;
    if (Date.now() < keptUntil) closeWhenIdle(0);
    else void closeOffscreenDocument();
  }, wait);
}

/** Progress reported by the offscreen document. */
export function reportFinalizeProgress(recordingId: string, fraction: number): void {
  progressListeners.get(recordingId)?.(fraction);
}

type Finishing = { buildFinalFile: typeof buildFinalFile };

/** Firefox's finishing module, built apart (build.mjs): loaded at the first save, not at every wake. */
const loadFinishing = (): Promise<Finishing> => import('/finishing/finishing.js');

/**
 * Firefox: this background page builds the file and makes its URL; a file of more stored
 * parts than Firefox's parent process reads from disk is copied into one file first, and
 * the copy deleted once `use` is done (platform/flat-copies.ts).
 */
export const lendBuiltHere =
  (load: () => Promise<Finishing>, copies: FlatCopies = opfsFlatCopies): Lend =>
  async (store, record, onProgress, use, options) => {
    const built = await (await load()).buildFinalFile(store, record, onProgress, options);
    if ('cannotShare' in built) return built;
    const { file, storedParts = 0, ...facts } = built;
    const lent = await fileForParent(file, storedParts, record.id, copies);
    if (lent.copied) {
      console.info(`Media Recorder: a file of ${storedParts} stored parts, copied into one to be saved`);
      if (__TEST__) noteForTest(`flat-copy ${storedParts}`);
    }
    const url = URL.createObjectURL(lent.file);
    try {
      return await use({ url, ...facts });
    } finally {
      URL.revokeObjectURL(url);
      await lent.release();
    }
  };

/** Chromium: the offscreen document builds the file and lends its URL. */
export const lendFromOffscreen: Lend = async (_store, record, onProgress, use, options) => {
  lentFromOffscreen++;
  clearTimeout(idleClose);
  progressListeners.set(record.id, onProgress);
  try {
    await ensureOffscreenDocument();
    const file = await sendToOffscreen('prepare-file', { record, section: options?.section });
    if ('cannotShare' in file) return file;
    try {
      return await use(file);
    } finally {
      // The file is saved by now; a failed revoke only keeps it in memory a while longer.
      await sendToOffscreen('revoke-object-url', { url: file.url }).catch((error: unknown) =>
        console.warn('Media Recorder: could not let go of a finished file', error),
      );
    }
  } finally {
    progressListeners.delete(record.id);
    // Closed a while after its last use, not at once: another recording may be finishing.
    if (--lentFromOffscreen === 0) closeWhenIdle(OFFSCREEN_IDLE_MS);
  }
};

/** Firefox: loads the finishing module and starts reading the slices, in this page. */
export const readAheadHere =
  (load: () => Promise<Finishing>) =>
  (store: RecordingStore, record: RecordingRecord): void => {
    void load().catch(() => undefined);
    store.prefetchSlices(record.id, { gather: true });
  };

/**
 * Chromium: opens the offscreen document (about 120 ms) and has it read the slices stored
 * since its last read, along a long recording (`pack`: packed first, platform/slice-packs.ts)
 * and as Stop is pressed (while the recorder runs its last 200 ms). The document stays
 * while it is read along. Best effort: finishing does whatever this did not.
 */
export async function readAheadOffscreen(record: RecordingRecord, { pack }: { pack: boolean }): Promise<void> {
  keptUntil = Date.now() + READ_AHEAD_KEEP_MS;
  try {
    await ensureOffscreenDocument();
    await sendToOffscreen('read-ahead', { recordingId: record.id, pack });
  } catch (error) {
    console.warn('Media Recorder: could not prepare the finished file ahead', error);
  } finally {
    // Should the recording not end after all, the document goes once the read is no longer kept.
    if (lentFromOffscreen === 0) closeWhenIdle(OFFSCREEN_IDLE_MS);
  }
}

/** Firefox: reads along a long recording in this page; the finishing module waits for its Stop. */
export const readAlongHere = (store: RecordingStore, record: RecordingRecord): void => store.prefetchSlices(record.id);

export const withFinalFileUrl: Lend = __BROWSER__ === 'firefox' ? lendBuiltHere(loadFinishing) : lendFromOffscreen;
/** Starts what finishing `record` needs first, as its Stop is pressed. */
export const readAheadFinalFile: (store: RecordingStore, record: RecordingRecord) => void =
  __BROWSER__ === 'firefox'
    ? readAheadHere(loadFinishing)
    : (_store, record) => void readAheadOffscreen(record, { pack: false });
/** Reads a long recording's stored slices along while it runs (recordings/read-along.ts). */
export const readAlongFinalFile: (store: RecordingStore, record: RecordingRecord) => void =
  __BROWSER__ === 'firefox' ? readAlongHere : (_store, record) => void readAheadOffscreen(record, { pack: true });
