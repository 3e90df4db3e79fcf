/**
 * Firefox: mounts the hidden slice-writer frame (pages/slice-writer) in the recorded
 * element's document and opens its channel (platform/slice-channel.ts). The frame sits in
 * a closed shadow root on a host of its own tag, hidden and out of the layout; it goes when
 * `signal` aborts. Resolves with undefined when the frame cannot serve: then the slices go
 * over the recording's link as they do in Chromium.
 */

import { extensionPageUrl, inPrivateWindow } from '../platform/content/extension';
import {
  openSliceChannel,
  READY_TIMEOUT_MS,
  type SliceChannel,
  type SliceChannelRequest,
} from '../platform/slice-channel';
import { reportEventForTest } from './test-page-report';
import { waitFor } from './wait-for';

const WRITER_PAGE = 'pages/slice-writer/slice-writer.html';

/** Firefox, outside private windows (whose frames store apart from the extension's own storage). */
export function canWriteThroughFrame(): boolean {
  return __BROWSER__ === 'firefox' && !inPrivateWindow();
}

export async function openSliceFrame(
  doc: Document,
  request: SliceChannelRequest,
  signal: AbortSignal,
): Promise<SliceChannel | undefined> {
  const host = doc.createElement('media-recorder-slices');
  host.style.setProperty('display', 'none', 'important');
  const frame = doc.createElement('iframe');
  frame.src = extensionPageUrl(WRITER_PAGE);
  host.attachShadow({ mode: 'closed' }).append(frame);
  let loaded = false;
  frame.addEventListener('load', () => (loaded = true), { once: true });
  doc.documentElement.append(host);
  signal.addEventListener('abort', () => host.remove());

  const channel =
    (await waitFor(frame, ['load'], () => loaded, READY_TIMEOUT_MS)) && frame.contentWindow && !signal.aborted
      ? await openSliceChannel(frame.contentWindow, new URL(frame.src).origin, request)
      : undefined;
  if (!channel) {
    // Of no use to the recording: not left in the page for its length.
    host.remove();
    return undefined;
  }
  if (__TEST__) reportEventForTest(channel.toFile ? 'slices:frame:file' : 'slices:frame');
  signal.addEventListener('abort', () => channel.close());
  return {
    toFile: channel.toFile,
    // A page that took the frame out of its document took the writer with it.
    write: (seq, data) => (frame.isConnected ? channel.write(seq, data) : Promise.resolve(false as const)),
    close: () => {
      channel.close();
      host.remove();
    },
  };
}
