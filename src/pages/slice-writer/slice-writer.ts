/**
 * Firefox: the hidden frame a recording page's content script writes its slices through
 * (see platform/slice-channel.ts for why). It accepts one channel, from the page that holds
 * it, for a recording the background vouches for, then stores every slice it is sent.
 * A WebM is indexed here on the way (the background never sees these bytes), from the scan
 * the background handed over, each slice's index written with it.
 */

import { sendToBackground } from '../../platform/messaging/protocol';
import { serveSliceChannel, type SliceWriter } from '../../platform/slice-channel';
import { RecordingStore } from '../../platform/recording-store';
import { scanWebmSlice, type WebmScan } from '../../shared/webm-index';

let served = false;

function indexingWriter(recordingId: string, mimeType: string, seed: WebmScan | undefined): SliceWriter {
  const store = new RecordingStore();
  let scan = seed;
  return async (seq, data) => {
    const scanned = scan && scanWebmSlice(scan, new Uint8Array(data));
    await store.appendSlice(recordingId, seq, new Blob([data], { type: mimeType }), {
      ...(scanned ? { webmIndex: scanned.index } : {}),
    });
    // Only once stored: a failed write leaves the scan where the stored bytes end.
    scan = scanned?.scan;
    return scan ? { webmScan: scan } : {};
  };
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the document this frame is in offers the channel, and only once.
  if (served || event.source !== window.parent) return;
  served = serveSliceChannel(event.data, event.ports[0], async ({ recordingId, key, mimeType }) => {
    const answer = await sendToBackground('open-slice-writer', { recordingId, key });
    if (!answer.ok) return undefined;
    return indexingWriter(recordingId, mimeType, answer.webmScan);
  });
});
