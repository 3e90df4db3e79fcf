/**
 * Everything besides the user's Stop that ends a recording: the media ends (if asked), the
 * maximum length is reached, the element switches source or leaves the page, a recorded
 * track ends, or the user clicks the page's marker.
 */

import { mayContinue } from '../shared/parts';
import type { EndReason } from '../shared/recording-state';
import type { CaptureOptions } from '../platform/messaging/protocol';
import type { MediaElement } from './media-discovery';
import { stopAfter } from './max-length';
import { showPageIndicator } from './page-indicator';

/**
 * Listens for events the browser itself fires. A page can dispatch any DOM event on its
 * elements (a synthetic `emptied`, `ended` or `pause`); none of those may end a recording.
 */
function onBrowserEvent(target: EventTarget, type: string, listener: () => void, signal: AbortSignal): void {
  target.addEventListener(type, (event) => event.isTrusted && listener(), { signal });
}

/** Stops the recording with `stopWith` when one of these comes; `part`: this recording's part number. */
export function watchForEnds(
  element: MediaElement,
  recorder: MediaRecorder,
  tracks: MediaStreamTrack[],
  { options, part }: { options: CaptureOptions; part: number },
  stopWith: (reason: EndReason) => void,
  signal: AbortSignal,
): void {
  if (options.stopWhenMediaEnds) onBrowserEvent(element, 'ended', () => stopWith('media-ended'), signal);
  if (options.maxLengthMs > 0) stopAfter(recorder, options.maxLengthMs, () => stopWith('max-length'), signal);
  // The browser empties the element when it loads another source (or the same one again):
  // the captured tracks then carry nothing more (Chromium) or end (Firefox). Save what was
  // recorded; the next source is recorded as the next part, up to a handful of parts.
  onBrowserEvent(element, 'emptied', () => stopWith(mayContinue(part) ? 'source-changed' : 'parts-limit'), signal);
  // Taking an element out of the page pauses it; a recording of it would only get stills.
  onBrowserEvent(element, 'pause', () => !element.isConnected && stopWith('element-removed'), signal);
  // A recorded track that ends gives nothing more; without this the recorder could stop on
  // its own (Firefox, once every track ended) as if the user had asked.
  for (const track of tracks) onBrowserEvent(track, 'ended', () => stopWith('track-ended'), signal);
  if (options.showPageIndicator) {
    const indicator = showPageIndicator(element, () => stopWith('user'), signal);
    recorder.addEventListener('pause', () => indicator.setPaused(true), { signal });
    recorder.addEventListener('resume', () => indicator.setPaused(false), { signal });
  }
}
