/**
 * The first steps of a recording: the element made ready (playing, with data), its picture
 * and sound captured as a stream with every track it will give, and shielded from page
 * events that would derail that capture.
 */

import { classifyCaptureError, type ErrorCode } from '../shared/errors';
import type { MediaElement } from './media-discovery';
import { hasAudio, knownBlocker } from './media-describe';
import { waitFor } from './wait-for';

const LOAD_TIMEOUT_MS = 8000;
const TRACK_TIMEOUT_MS = 3000;

type CapturableElement = MediaElement & {
  captureStream?: () => MediaStream;
  mozCaptureStream?: () => MediaStream;
};

/** Starts the element if it is paused and waits for its data; why it cannot be recorded, if so. */
export async function makeReady(element: MediaElement): Promise<ErrorCode | undefined> {
  const blocker = knownBlocker(element);
  if (blocker === 'drm' || blocker === 'no-source') return blocker;
  if (element.paused) {
    try {
      await element.play();
    } catch (error) {
      return error instanceof DOMException && error.name === 'NotAllowedError' ? 'play-blocked' : 'no-source';
    }
  }
  await waitFor(
    element,
    ['loadeddata', 'canplay'],
    () => element.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA,
    LOAD_TIMEOUT_MS,
  );
  return undefined;
}

/**
 * Captures the element (shielded until `signal` aborts) and waits for its tracks; why it
 * cannot be captured, if so.
 */
export async function openStream(element: MediaElement, signal: AbortSignal): Promise<MediaStream | ErrorCode> {
  let stream: MediaStream;
  try {
    stream = captureStreamOf(element);
  } catch (error) {
    return classifyCaptureError(error);
  }
  shieldCaptureFromPageEvents(element, signal);
  await waitForTracks(element, stream);
  return stream;
}

/** Prefers the standard call: Firefox's prefixed one silences the element while recording. */
function captureStreamOf(element: CapturableElement): MediaStream {
  if (element.captureStream) return element.captureStream();
  if (element.mozCaptureStream) return element.mozCaptureStream();
  throw new DOMException('captureStream is not available', 'NotSupportedError');
}

/**
 * Chromium's element capture acts on the element's `ended` and `loadedmetadata` events
 * whoever dispatched them (seen on Chromium 156): a page's synthetic `ended` ends the
 * captured tracks, and a synthetic `loadedmetadata` moves the capture to new tracks the
 * recorder does not have, so it records nothing more. While recording, such events from
 * the page stop at the element: a capturing listener on it runs before Chromium's own.
 */
function shieldCaptureFromPageEvents(element: MediaElement, signal: AbortSignal): void {
  for (const type of ['ended', 'loadedmetadata']) {
    element.addEventListener(type, (event) => event.isTrusted || event.stopImmediatePropagation(), {
      capture: true,
      signal,
    });
  }
}

/**
 * Waits until the captured stream has the tracks the element will give. Chromium adds them
 * one by one as the element produces data, so a video's audio track can trail its video.
 */
async function waitForTracks(element: MediaElement, stream: MediaStream): Promise<void> {
  const expectsVideo = element instanceof HTMLVideoElement && element.videoWidth > 0;
  const expectsAudio = hasAudio(element) !== false;
  const complete = () =>
    (!expectsAudio || stream.getAudioTracks().length > 0) &&
    (!expectsVideo || stream.getVideoTracks().length > 0) &&
    stream.getTracks().length > 0;
  await waitFor(stream, ['addtrack'], complete, TRACK_TIMEOUT_MS);
}
