/**
 * Firefox: the hidden frame a recording page's content script writes its slices through
 * (see platform/slice-channel.ts for why). It accepts one channel, from the page that holds
 * it, for a recording the background vouches for, then stores every slice it is sent
 * (indexing-writer.ts): to the recording's slice file, a WebM indexed on the way (the
 * background never sees these bytes).
 */

import { sendToBackground } from '../../platform/messaging/protocol';
import { serveSliceChannel } from '../../platform/slice-channel';
import { RecordingStore } from '../../platform/recording-store';
import { indexingWriter } from './indexing-writer';
import { openSliceFile } from './slice-file';

let served = false;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the document this frame is in offers the channel, and only once.
  if (served || event.source !== window.parent) return;
  served = serveSliceChannel(event.data, event.ports[0], async ({ recordingId, key, mimeType }) => {
    const answer = await sendToBackground('open-slice-writer', { recordingId, key });
    if (!answer.ok) return undefined;
    const file = await openSliceFile(recordingId);
    return indexingWriter({ store: new RecordingStore(), recordingId, mimeType, seed: answer.webmScan, file });
  });
});
