/**
 * The slice-writer frame's end of its file worker (slice-file-worker.ts): opens the
 * recording's slice file and appends each slice with the Cluster sizes it settles. The file
 * is let go with the frame: the content script removes it once the recording ends, which
 * ends the worker and its hold on the file (reading it never waited for that).
 */

import { sliceFileName } from '../../platform/slice-files';
import type { FileAsk, FileReply, FileRequest } from './slice-file-protocol';

/** Bytes to write at a position of the file (not of the stream: see indexing-writer.ts). */
export interface FilePatch {
  at: number;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface SliceFile {
  /** Where the next slice will go: the file's size. */
  readonly end: number;
  /** Appends a slice and writes the patches, flushed to disk; resolves with where the slice begins. */
  append(data: ArrayBuffer, patches: readonly FilePatch[]): Promise<number>;
}

/** The recording's slice file, or undefined where it cannot be opened (no OPFS, or no worker). */
export async function openSliceFile(recordingId: string): Promise<SliceFile | undefined> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('slice-file-worker.js', location.href));
  } catch (error) {
    console.warn('Media Recorder: no worker for the slice file', error);
    return undefined;
  }
  let nextId = 0;
  const waiting = new Map<number, (reply: FileReply) => void>();
  worker.onmessage = (event: MessageEvent<FileReply>) => {
    waiting.get(event.data.id)?.(event.data);
    waiting.delete(event.data.id);
  };
  worker.onerror = () => {
    for (const settle of waiting.values()) settle({ id: -1, ok: false, error: 'the worker failed' });
    waiting.clear();
  };
  const ask = (request: FileAsk) =>
    new Promise<number | undefined>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (reply) => (reply.ok ? resolve(reply.at) : reject(new Error(reply.error))));
      worker.postMessage({ ...request, id } as FileRequest);
    });

  let end: number;
  try {
    end = (await ask({ type: 'open', name: sliceFileName(recordingId) })) ?? 0;
  } catch (error) {
    console.warn('Media Recorder: cannot open the slice file; slices are stored in IndexedDB', error);
    worker.terminate();
    return undefined;
  }
  return {
    get end() {
      return end;
    },
    async append(data, patches) {
      // Copied, not transferred: the caller keeps the slice should this write fail.
      const at = await ask({ type: 'append', data, patches: [...patches] });
      if (at === undefined) throw new Error('the worker did not say where the slice went');
      end = at + data.byteLength;
      return at;
    },
  };
}
