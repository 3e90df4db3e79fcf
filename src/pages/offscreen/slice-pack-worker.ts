/**
 * Chromium: the worker the offscreen document packs a group of a recording's slices in
 * (platform/slice-packs.ts), one per pack. It reads the slices' Blobs itself and is ended
 * once the pack is stored, which lets go of those Blobs at once: the browser then deletes
 * the slices' old files while the recording goes on, not at a later garbage collection of
 * the document (often at Stop, when it held up the finished file).
 */

import { openRecorderDb } from '../../platform/recorder-db';
import { packNext, type PackRequest } from '../../platform/slice-packs';
import type { PackReply } from './slice-pack-protocol';

self.onmessage = (event: MessageEvent<PackRequest>) => {
  const request = event.data;
  void (async (): Promise<PackReply> => {
    const db = await openRecorderDb(request.database);
    try {
      return { ok: true, group: await packNext(db, request) };
    } finally {
      db.close();
    }
  })().then(
    (reply) => self.postMessage(reply),
    (error: unknown) => self.postMessage({ ok: false, error: String(error) } satisfies PackReply),
  );
};
