/**
 * Content script, injected by the background into every frame of the active tab when the
 * user acts (no always-on script). Lists the frame's media, and tells each change while a
 * popup watches the tab; records them. Talks only to the background: requests in, media
 * changes and recorded slices out (one port per recording).
 */

import { handleContentRequests, sendFromContentScript } from '../platform/messaging/protocol';
import { startCapture, type Capture } from './capture';
import { findMediaById, mediaId, type MediaElement } from './media-discovery';
import { frameMedia, watchMedia, type MediaWatch } from './media-watch';
import { findMenuTarget, watchRightClicks } from './menu-target';
import { countForTest } from './test-counters';
import { startPageReport } from './test-page-report';
import { watchContentForTest } from '../platform/unhandled-for-test';
import { waitFor } from './wait-for';
import { waitBeforeNextPart } from '../shared/parts';

const INJECTED = Symbol.for('media-recorder.content');
/** How long a new source may take to start playing before the recording is left ended. */
const NEXT_SOURCE_TIMEOUT_MS = 30_000;

/**
 * Asks for the next part once the element plays its new source, and not before the spacing
 * between parts: a page that swaps sources every second gets a few parts, not a flood.
 * Whether it plays is read from the element itself, never from the page's events.
 */
async function continueWhenPlaying(element: MediaElement, previousId: string, startedAt: number): Promise<void> {
  const playing = () =>
    !element.paused && element.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && element.isConnected;
  if (!(await waitFor(element, ['playing'], playing, NEXT_SOURCE_TIMEOUT_MS))) return;
  const wait = waitBeforeNextPart(startedAt, Date.now());
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  if (!(await waitFor(element, ['playing'], playing, NEXT_SOURCE_TIMEOUT_MS))) return;
  await sendFromContentScript('continue-recording', { previousId }).catch((error: unknown) =>
    console.warn('Media Recorder: could not go on with the next part', error),
  );
}
const scope = globalThis as typeof globalThis & { [INJECTED]?: true };

if (__TEST__) countForTest('runs');
// The script is injected again each time the popup opens; the first copy keeps serving.
if (!scope[INJECTED]) {
  scope[INJECTED] = true;
  const captures = new Map<string, Capture>();
  let watch: MediaWatch | undefined;
  if (__TEST__) {
    watchContentForTest();
    if (window === window.top) startPageReport();
  }
  watchRightClicks();

  handleContentRequests({
    'list-media': async () => frameMedia(),

    'watch-media': async () => {
      watch ??= watchMedia(async (media) => {
        // No answer: the extension was reloaded or its background is gone; a popup starts again.
        const watching = await sendFromContentScript('media-changed', media).then(
          (answer) => answer.watching,
          () => false,
        );
        if (!watching) watch = undefined;
        return watching;
      });
      return watch.current();
    },

    'unwatch-media': async () => {
      watch?.stop();
      watch = undefined;
      return { ok: true };
    },

    'start-capture': async ({ recordingId, sliceKey, mediaId, part, options }) => {
      const element = findMediaById(mediaId);
      if (!element || !element.isConnected) return { ok: false, error: 'media-gone' };
      const startedAt = Date.now();
      const { result, capture } = await startCapture(element, { recordingId, sliceKey, part }, options, (reason) => {
        captures.delete(recordingId);
        // A new source (next playlist item, an ad) gets its own file: the next part.
        if (reason === 'source-changed') void continueWhenPlaying(element, recordingId, startedAt);
      });
      if (capture) captures.set(recordingId, capture);
      return result;
    },

    'control-capture': async ({ recordingId, action, because }) => {
      const capture = captures.get(recordingId);
      return capture?.control(action, because) ? { ok: true } : { ok: false, error: 'media-gone' };
    },

    'find-menu-target': async ({ targetElementId, srcUrl }) => {
      const element = findMenuTarget(targetElementId, srcUrl);
      return element ? { ok: true, mediaId: mediaId(element) } : { ok: false, error: 'media-gone' };
    },
  });
}
