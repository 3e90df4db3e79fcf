/**
 * The offscreen document's packer: each pack is made in a worker of its own
 * (slice-pack-worker.ts), ended as soon as it answers, so the Blobs of the slices it
 * packed are let go at once (platform/slice-packs.ts says why that matters).
 */

import type { PackRequest, SlicePacker } from '../../platform/slice-packs';
import type { PackReply } from './slice-pack-protocol';

/**
 * A worker that has not answered by then is ended, and the read along goes on without its
 * pack: the reads along wait for each other, so one that never answered would stop them
 * all. A pack takes 0.5–2 s (80 MB written).
 */
export const PACK_ANSWER_MS = 60_000;

export const packInWorker: SlicePacker = (request: PackRequest) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('slice-pack-worker.js', location.href));
    const end = (settle: () => void) => {
      clearTimeout(timer);
      worker.terminate();
      settle();
    };
    const timer = setTimeout(
      () => end(() => reject(new Error(`the packing worker did not answer in ${PACK_ANSWER_MS / 1000} s`))),
      PACK_ANSWER_MS,
    );
    worker.onmessage = ({ data: reply }: MessageEvent<PackReply>) =>
      end(() => (reply.ok ? resolve(reply.group) : reject(new Error(reply.error))));
    worker.onerror = (event) => end(() => reject(new Error(`the packing worker failed: ${event.message}`)));
    worker.postMessage(request);
  });
