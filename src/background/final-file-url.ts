/**
 * Lends a blob URL of a recording's finished file for as long as `use` runs. Firefox's
 * background page builds the file itself; Chromium's service worker has no documents, no
 * OPFS writer and no URL.createObjectURL, so its offscreen document does the work and
 * reports progress back.
 */

import { sendToOffscreen, type PreparedFile } from '../platform/messaging/protocol';
import { buildFinalFile } from '../finishing/final-file';
import { closeOffscreenDocument, ensureOffscreenDocument } from './offscreen-document';
import type { RecordingStore } from '../platform/recording-store';
import type { RecordingRecord } from '../shared/recording-record';

type ProgressListener = (fraction: number) => void;

const progressListeners = new Map<string, ProgressListener>();
let lentFromOffscreen = 0;
let idleClose: ReturnType<typeof setTimeout> | undefined;
/** The document holds references to finished files; it goes once unused for this long. */
const OFFSCREEN_IDLE_MS = 30_000;

/** Progress reported by the offscreen document. */
export function reportFinalizeProgress(recordingId: string, fraction: number): void {
  progressListeners.get(recordingId)?.(fraction);
}

export async function withFinalFileUrl<T>(
  store: RecordingStore,
  record: RecordingRecord,
  onProgress: ProgressListener,
  use: (file: PreparedFile) => Promise<T>,
): Promise<T> {
  if (typeof URL.createObjectURL === 'function') {
    const built = await buildFinalFile(store, record, onProgress);
    const url = URL.createObjectURL(built.file);
    try {
      return await use({
        url,
        finalized: built.finalized,
        durationSeconds: built.durationSeconds,
        size: built.file.size,
      });
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  lentFromOffscreen++;
  clearTimeout(idleClose);
  progressListeners.set(record.id, onProgress);
  try {
    await ensureOffscreenDocument();
    const file = await sendToOffscreen('prepare-file', { record });
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
    if (--lentFromOffscreen === 0) {
      idleClose = setTimeout(() => lentFromOffscreen === 0 && void closeOffscreenDocument(), OFFSCREEN_IDLE_MS);
    }
  }
}
