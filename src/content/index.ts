/**
 * Content script, injected by the background into every frame of the active tab when the
 * user acts (no always-on script). Lists the frame's media and records them; talks only to
 * the background: requests in, recorded slices out on one port per recording.
 */

import { handleContentRequests } from '../platform/messages';
import { startCapture, type Capture } from './capture';
import { describeMedia } from './media-describe';
import { discoverMedia, findMediaById } from './media-discovery';
import { startPageReport } from './test-page-report';

const INJECTED = Symbol.for('media-recorder.content');
const scope = globalThis as typeof globalThis & { [INJECTED]?: true };

// The script is injected again each time the popup opens; the first copy keeps serving.
if (!scope[INJECTED]) {
  scope[INJECTED] = true;
  const captures = new Map<string, Capture>();
  if (__TEST__ && window === window.top) startPageReport();

  handleContentRequests({
    'list-media': async () => discoverMedia().map(describeMedia),

    'start-capture': async ({ recordingId, mediaId, options }) => {
      const element = findMediaById(mediaId);
      if (!element || !element.isConnected) return { ok: false, error: 'media-gone' };
      const { result, capture } = await startCapture(element, recordingId, options, () => captures.delete(recordingId));
      if (capture) captures.set(recordingId, capture);
      return result;
    },

    'control-capture': async ({ recordingId, action }) => {
      const capture = captures.get(recordingId);
      return capture?.control(action) ? { ok: true } : { ok: false, error: 'media-gone' };
    },
  });
}
