/**
 * Lends a blob URL of a stored recording for as long as `use` runs. Firefox's background
 * page makes it itself; Chromium's service worker cannot (no URL.createObjectURL in
 * workers) and asks its offscreen document, which reads the same IndexedDB.
 */

import { sendToOffscreen } from '../platform/messages';
import { closeOffscreenDocument, ensureOffscreenDocument } from '../platform/offscreen';
import type { ChunkStore } from '../shared/chunk-store';

let lentFromOffscreen = 0;

export async function withObjectUrl<T>(
  store: ChunkStore,
  recordingId: string,
  mimeType: string,
  use: (url: string) => Promise<T>,
): Promise<T> {
  if (typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(await store.assemble(recordingId, mimeType));
    try {
      return await use(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  lentFromOffscreen++;
  try {
    await ensureOffscreenDocument();
    const { url } = await sendToOffscreen('create-object-url', { recordingId, mimeType });
    try {
      return await use(url);
    } finally {
      await sendToOffscreen('revoke-object-url', { url });
    }
  } finally {
    // The document holds the file's parts in memory references; let it go when unused.
    if (--lentFromOffscreen === 0) await closeOffscreenDocument();
  }
}
