/**
 * The offscreen document's packer: each pack is made in a worker of its own
 * (slice-pack-worker.ts), ended as soon as it answers, so the Blobs of the slices it
 * packed are let go at once (platform/slice-packs.ts says why that matters).
 */

import type { PackRequest, SlicePacker } from '../../platform/slice-packs';
import type { PackReply } from './slice-pack-protocol';

export const packInWorker: SlicePacker = (request: PackRequest) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('slice-pack-worker.js', location.href));
    const end = (settle: () => void) => {
      worker.terminate();
      settle();
    };
    worker.onmessage = ({ data: reply }: MessageEvent<PackReply>) =>
      end(() => (reply.ok ? resolve(reply.group) : reject(new Error(reply.error))));
    worker.onerror = (event) => end(() => reject(new Error(`the packing worker failed: ${event.message}`)));
    worker.postMessage(request);
  });
