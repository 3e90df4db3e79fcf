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
    // Stop's read (no pack) also gathers the index of what it read, while the recorder runs on.
    store.prefetchSlices(recordingId, { pack, gather: !pack });
    return { ok: true };
  },
  'revoke-object-url': async ({ url }) => {
    URL.revokeObjectURL(url);
    return { ok: true };
  },
});
