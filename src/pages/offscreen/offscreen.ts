/**
 * Chromium offscreen document: builds a recording's finished file (the service worker
 * cannot: no OPFS writer, no blob URLs) and lends it to the worker's downloads.download()
 * as a blob URL, revoked after.
 */

import { handleOffscreenRequests, sendToBackground } from '../../platform/messaging/protocol';
import { buildFinalFile } from '../../finishing/final-file';
import { RecordingStore } from '../../platform/recording-store';
import { packInWorker } from './pack-in-worker';

const store = new RecordingStore(undefined, { packer: packInWorker });

handleOffscreenRequests({
  'prepare-file': async ({ record, section }) => {
    const built = await buildFinalFile(
      store,
      record,
      (fraction) => {
        void sendToBackground('finalize-progress', { recordingId: record.id, fraction }).catch(() => undefined);
      },
      { section },
    );
    if ('cannotShare' in built) return built;
    // Chromium's browser process reads a Blob of any number of stored parts from disk.
    const { file, storedParts: _parts, ...facts } = built;
    return { url: URL.createObjectURL(file), ...facts };
  },
  'read-ahead': async ({ recordingId, pack }) => {
    // Each read gathers the MP4 tables of what it read, going on from the one before; Stop's
    // (no pack) also folds a WebM index, while the recorder runs on.
    store.prefetchSlices(recordingId, { pack, gather: true });
    // This document may live for hours of recordings: what the background deleted meanwhile
    // goes, at a read along (not at Stop's read, which the download waits for).
    if (pack) void store.letGoOfFreed();
    return { ok: true };
  },
  'revoke-object-url': async ({ url }) => {
    URL.revokeObjectURL(url);
    void store.letGoOfFreed();
    return { ok: true };
  },
});
