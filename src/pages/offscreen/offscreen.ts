/**
 * Chromium offscreen document: turns a stored recording into a blob URL for the service
 * worker's downloads.download() call, and revokes it after.
 */

import { handleOffscreenRequests } from '../../platform/messages';
import { ChunkStore } from '../../shared/chunk-store';

const store = new ChunkStore();

handleOffscreenRequests({
  'create-object-url': async ({ recordingId, mimeType }) => ({
    url: URL.createObjectURL(await store.assemble(recordingId, mimeType)),
  }),
  'revoke-object-url': async ({ url }) => {
    URL.revokeObjectURL(url);
    return { ok: true };
  },
});
