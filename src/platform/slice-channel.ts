/**
 * Firefox: the recorded slices reach storage through a hidden extension frame in the page
 * (pages/slice-writer) over a MessagePort, not through extension messaging, which in
 * Firefox keeps the bytes it carried in the parent process until it collects garbage, so
 * memory would grow with the recording.
 *
 * This module is that channel's protocol, both ends. The content script offers a port to
 * the frame with the recording's id and key; the frame has the background check the key
 * (a page can load the frame too, but cannot know the key), then stores each slice (to the
 * recording's slice file, its row to IndexedDB) and answers once it is on disk.
 */

import type { WebmScan } from '../shared/webm-index';

const CHANNEL = 'media-recorder-slices';

/** How long the frame may take to accept the channel, and to write one slice. */
export const READY_TIMEOUT_MS = 3000;
export const WRITE_TIMEOUT_MS = 5000;

export interface SliceChannelRequest {
  recordingId: string;
  /** The recording's secret, from the background's start-capture request. */
  key: string;
  mimeType: string;
}

interface OpenMessage extends SliceChannelRequest {
  channel: typeof CHANNEL;
}

interface WriteMessage {
  type: 'write';
  seq: number;
  data: ArrayBuffer;
}

/** What the frame says of a slice it stored: the WebM index's scan after it, when it indexed it. */
export interface SliceWritten {
  webmScan?: WebmScan;
}

type FrameReply =
  | { type: 'ready'; toFile?: boolean }
  | { type: 'refused' }
  | ({ type: 'written'; seq: number } & SliceWritten)
  | { type: 'failed'; seq: number };

/** The content script's end of an open channel. */
export interface SliceChannel {
  /** The frame appends the slices to the recording's slice file (platform/slice-files.ts). */
  readonly toFile: boolean;
  /** Once the slice is in storage, the frame's news of it; false if it failed to write it or fell silent. */
  write(seq: number, data: ArrayBuffer): Promise<SliceWritten | false>;
  close(): void;
}

/** What the frame's window needs to be offered the channel (a Window, or a test's stand-in). */
export interface FrameTarget {
  postMessage(message: unknown, targetOrigin: string, transfer: Transferable[]): void;
}

/**
 * Offers a channel to the slice writer in `frame` (whose origin is `frameOrigin`, so no
 * other document can take the port) and resolves once it accepted, or with undefined if
 * it refused or did not answer in time.
 */
export function openSliceChannel(
  frame: FrameTarget,
  frameOrigin: string,
  request: SliceChannelRequest,
  timeouts = { readyMs: READY_TIMEOUT_MS, writeMs: WRITE_TIMEOUT_MS },
): Promise<SliceChannel | undefined> {
  const { port1: port, port2 } = new MessageChannel();
  const waiting = new Map<number, (written: SliceWritten | false) => void>();
  let closed = false;

  const channel: SliceChannel = {
    toFile: false,
    write(seq, data) {
      if (closed) return Promise.resolve(false);
      return new Promise<SliceWritten | false>((resolve) => {
        const timer = setTimeout(() => settle(seq, false), timeouts.writeMs);
        waiting.set(seq, (written) => {
          clearTimeout(timer);
          resolve(written);
        });
        // Copied, not transferred: the slice stays here until the frame says it is stored,
        // so it can still go the other way if the frame fails.
        port.postMessage({ type: 'write', seq, data } satisfies WriteMessage);
      });
    },
    close() {
      closed = true;
      port.close();
      for (const seq of [...waiting.keys()]) settle(seq, false);
    },
  };

  function settle(seq: number, written: SliceWritten | false): void {
    const done = waiting.get(seq);
    waiting.delete(seq);
    done?.(written);
  }

  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      channel.close();
      resolve(undefined);
    }, timeouts.readyMs);
    port.onmessage = (event: MessageEvent<unknown>) => {
      const reply = event.data as Partial<FrameReply> | null;
      switch (reply?.type) {
        case 'ready':
          clearTimeout(timer);
          resolve({ ...channel, toFile: reply.toFile === true });
          break;
        case 'refused':
          clearTimeout(timer);
          channel.close();
          resolve(undefined);
          break;
        case 'written':
          // The scan is passed on as it came: the background checks it.
          if (typeof reply.seq === 'number') settle(reply.seq, 'webmScan' in reply ? { webmScan: reply.webmScan } : {});
          break;
        case 'failed':
          if (typeof reply.seq === 'number') settle(reply.seq, false);
          break;
      }
    };
    const open: OpenMessage = { channel: CHANNEL, ...request };
    try {
      frame.postMessage(open, frameOrigin, [port2]);
    } catch {
      // The frame went away between its load and now.
      clearTimeout(timer);
      channel.close();
      resolve(undefined);
    }
  });
}

/** Stores one slice of the recording the channel was opened for; rejects if it could not. */
export interface SliceWriter {
  (seq: number, data: ArrayBuffer): Promise<SliceWritten>;
  /** It appends the slices to the recording's slice file. */
  readonly toFile?: boolean;
}

/**
 * The frame's end: answers one channel offer. `open` checks the request (the key, with the
 * background) and returns the writer for that recording, or undefined to refuse.
 * Returns false when `message` is not an offer of this channel at all.
 */
export function serveSliceChannel(
  message: unknown,
  port: MessagePort | undefined,
  open: (request: SliceChannelRequest) => Promise<SliceWriter | undefined>,
): boolean {
  const offer = message as Partial<OpenMessage> | null;
  if (
    !port ||
    offer?.channel !== CHANNEL ||
    typeof offer.recordingId !== 'string' ||
    typeof offer.key !== 'string' ||
    typeof offer.mimeType !== 'string'
  ) {
    return false;
  }
  const request: SliceChannelRequest = { recordingId: offer.recordingId, key: offer.key, mimeType: offer.mimeType };
  const reply = (message: FrameReply) => port.postMessage(message);
  void open(request)
    .catch(() => undefined)
    .then((writer) => {
      if (!writer) {
        reply({ type: 'refused' });
        port.close();
        return;
      }
      // One write at a time, in the order sent: slices land as they were recorded.
      let writes = Promise.resolve();
      port.onmessage = (event: MessageEvent<unknown>) => {
        const write = event.data as Partial<WriteMessage> | null;
        if (write?.type !== 'write' || typeof write.seq !== 'number' || !(write.data instanceof ArrayBuffer)) return;
        const { seq, data } = write as WriteMessage;
        writes = writes.then(() =>
          writer(seq, data).then(
            (written) => reply({ type: 'written', seq, ...written }),
            () => reply({ type: 'failed', seq }),
          ),
        );
      };
      reply({ type: 'ready', toFile: writer.toFile === true });
    });
  return true;
}
