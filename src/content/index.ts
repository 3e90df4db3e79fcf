/**
 * Content script, injected by the background into every frame of the active tab when the
 * user acts (no always-on script). Lists the frame's media and records them; talks only to
 * the background: requests in, recorded slices out on one port per recording.
 */

import { handleContentRequests, sendFromPage } from '../platform/messages';
import { startCapture, type Capture } from './capture';
import { describeMedia } from './media-describe';
import { discoverMedia, findMediaById, mediaId, type MediaElement } from './media-discovery';
import { findMenuTarget, watchRightClicks } from './menu-target';
import { otherFrameOrigins } from './frame-discovery';
import { startPageReport } from './test-page-report';
import { waitFor } from './wait-for';

const INJECTED = Symbol.for('media-recorder.content');
/** How long a new source may take to start playing before the recording is left ended. */
const NEXT_SOURCE_TIMEOUT_MS = 30_000;

/** Asks for the next part once the element plays its new source. */
async function continueWhenPlaying(element: MediaElement, previousId: string): Promise<void> {
  const playing = () =>
    !element.paused && element.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && element.isConnected;
  if (!(await waitFor(element, ['playing'], playing, NEXT_SOURCE_TIMEOUT_MS))) return;
  await sendFromPage('continue-recording', { previousId }).catch(() => undefined);
}
const scope = globalThis as typeof globalThis & { [INJECTED]?: true };

// The script is injected again each time the popup opens; the first copy keeps serving.
if (!scope[INJECTED]) {
  scope[INJECTED] = true;
  const captures = new Map<string, Capture>();
  if (__TEST__ && window === window.top) startPageReport();
  watchRightClicks();

  handleContentRequests({
    'list-media': async () => ({
      media: discoverMedia().map(describeMedia),
      origin: location.origin,
      frameOrigins: otherFrameOrigins(),
    }),

    'start-capture': async ({ recordingId, sliceKey, mediaId, options }) => {
      const element = findMediaById(mediaId);
      if (!element || !element.isConnected) return { ok: false, error: 'media-gone' };
      const { result, capture } = await startCapture(element, { recordingId, sliceKey }, options, (reason) => {
        captures.delete(recordingId);
        // A new source (next playlist item, an ad) gets its own file: the next part.
        if (reason === 'source-changed') void continueWhenPlaying(element, recordingId);
      });
      if (capture) captures.set(recordingId, capture);
      return result;
    },

    'control-capture': async ({ recordingId, action }) => {
      const capture = captures.get(recordingId);
      return capture?.control(action) ? { ok: true } : { ok: false, error: 'media-gone' };
    },

    'find-menu-target': async ({ targetElementId, srcUrl }) => {
      const element = findMenuTarget(targetElementId, srcUrl);
      return element ? { ok: true, mediaId: mediaId(element) } : { ok: false, error: 'media-gone' };
    },
  });
}
