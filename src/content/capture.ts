/**
 * Records one media element: captureStream() → MediaRecorder with one-second slices, each
 * slice stored as soon as it exists (slice-route.ts: through the slice-writer frame in
 * Firefox, on the recording's link to the background otherwise). Nothing accumulates here
 * beyond what is not yet confirmed stored; everything the recording attaches is released
 * through one AbortController.
 */

import { classifyCaptureError, type ErrorCode } from '../shared/errors';
import { chooseRecordingFormat } from '../shared/recording-format';
import type { EndReason } from '../shared/recording-state';
import {
  type CaptureOptions,
  type CaptureStarted,
  type ControlAction,
  type Failure,
} from '../platform/messaging/protocol';
import type { MediaElement } from './media-discovery';
import { showPageIndicator } from './page-indicator';
import { RecordingLink } from './recording-link';
import { canWriteThroughFrame, openSliceFrame } from './slice-frame';
import { keepTracks } from './recorded-tracks';
import { RecordingEnd } from './recording-end';
import { SliceQueue } from './slice-queue';
import { SliceRoute } from './slice-route';
import { reportEventForTest } from './test-page-report';
import { waitFor } from './wait-for';
import { hasAudio, knownBlocker, ownTitle } from './media-describe';
import { probeSignals } from './signal-probe';
import type { Signal } from '../shared/signal-check';
import { mayContinue } from '../shared/parts';

const TIMESLICE_MS = 1000;
/**
 * Chromium's MP4 writer completes a fragment at each key frame (one a second, asked below)
 * and hands it over at the next timeslice tick after that, which with ticks a second apart
 * can be nearly a second later: a tab closed then lost two seconds. Quick ticks hand each
 * fragment over as soon as it is complete (measured: a slice a second, each within 200 ms
 * of its key frame). Not for sound alone: its fragments come four times a second.
 */
const MP4_TIMESLICE_MS = 200;
const LOAD_TIMEOUT_MS = 8000;
const TRACK_TIMEOUT_MS = 3000;

/**
 * Firefox's own slice timer (start(timeslice)) races stop(): the slice due at that moment
 * comes empty, after the stop event, or never, losing the last second. Slices asked for
 * with requestData() from this thread are always out before stop. Chromium's MP4 writer
 * gives nothing on requestData() between key frames, so it keeps its own timer.
 */
const slicesAskedByTimer = 'mozCaptureStream' in HTMLMediaElement.prototype;

type CapturableElement = MediaElement & {
  captureStream?: () => MediaStream;
  mozCaptureStream?: () => MediaStream;
};

export interface Capture {
  /** `because`: the background stops it for this reason (storage full), not the user. */
  control(action: ControlAction, because?: ErrorCode): boolean;
}

/**
 * Listens for events the browser itself fires. A page can dispatch any DOM event on its
 * elements (a synthetic `emptied`, `ended` or `pause`); none of those may end a recording.
 */
function onBrowserEvent(target: EventTarget, type: string, listener: () => void, signal: AbortSignal): void {
  target.addEventListener(type, (event) => event.isTrusted && listener(), { signal });
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

const fail = (error: ErrorCode): Failure => ({ ok: false, error });

/** Prefers the standard call: Firefox's prefixed one silences the element while recording. */
function captureStreamOf(element: CapturableElement): MediaStream {
  if (element.captureStream) return element.captureStream();
  if (element.mozCaptureStream) return element.mozCaptureStream();
  throw new DOMException('captureStream is not available', 'NotSupportedError');
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

/** Calls `onLimit` once `limitMs` of recording (pauses excluded) have passed. */
function stopAfter(recorder: MediaRecorder, limitMs: number, onLimit: () => void, signal: AbortSignal): void {
  let recordedMs = 0;
  let runningSince = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    runningSince = Date.now();
    timer = setTimeout(onLimit, Math.max(0, limitMs - recordedMs));
  };
  recorder.addEventListener(
    'pause',
    () => {
      clearTimeout(timer);
      recordedMs += Date.now() - runningSince;
    },
    { signal },
  );
  recorder.addEventListener('resume', arm, { signal });
  signal.addEventListener('abort', () => clearTimeout(timer));
  arm();
}

export async function startCapture(
  element: MediaElement,
  { recordingId, sliceKey, part }: { recordingId: string; sliceKey: string; part: number },
  options: CaptureOptions,
  onFinished: (reason: EndReason) => void,
): Promise<{ result: CaptureStarted | Failure; capture?: Capture }> {
  const blocker = knownBlocker(element);
  if (blocker === 'drm' || blocker === 'no-source') return { result: fail(blocker) };

  if (element.paused) {
    try {
      await element.play();
    } catch (error) {
      return {
        result: fail(error instanceof DOMException && error.name === 'NotAllowedError' ? 'play-blocked' : 'no-source'),
      };
    }
  }
  await waitFor(
    element,
    ['loadeddata', 'canplay'],
    () => element.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA,
    LOAD_TIMEOUT_MS,
  );

  // Everything this recording attaches goes with it, through this one controller.
  const lifetime = new AbortController();
  const { signal } = lifetime;
  let stream: MediaStream;
  try {
    stream = captureStreamOf(element);
  } catch (error) {
    return { result: fail(classifyCaptureError(error)) };
  }
  shieldCaptureFromPageEvents(element, signal);
  await waitForTracks(element, stream);

  // An <audio> element never gives a picture; a video keeps what it has, unless the user
  // asked for its sound alone.
  const tracks = keepTracks(stream, element instanceof HTMLVideoElement && !options.audioOnly);
  // Tracks the capture adds later (a source change) stop with it too.
  const stopCapturing = () => {
    stream.getTracks().forEach((track) => track.stop());
    lifetime.abort();
  };
  const presence = {
    hasVideo: tracks.some((track) => track.kind === 'video'),
    hasAudio: tracks.some((track) => track.kind === 'audio'),
  };
  if (!presence.hasVideo && !presence.hasAudio) return (stopCapturing(), { result: fail('no-tracks') });
  const format = chooseRecordingFormat(presence, (type) => MediaRecorder.isTypeSupported(type), options.format);
  if (!format) return (stopCapturing(), { result: fail('unsupported-format') });

  let recorder: MediaRecorder;
  try {
    recorder = new MediaRecorder(new MediaStream(tracks), {
      mimeType: format.mimeType,
      ...options.bitrates,
      // Chromium's MP4 writer emits data only at key frames and its encoder makes few of
      // them, so without this the whole recording would stay in the page until Stop.
      // Firefox ignores the option.
      videoKeyFrameIntervalDuration: TIMESLICE_MS,
    } as MediaRecorderOptions);
    const quickTicks = format.container === 'mp4' && presence.hasVideo;
    recorder.start(slicesAskedByTimer ? undefined : quickTicks ? MP4_TIMESLICE_MS : TIMESLICE_MS);
  } catch (error) {
    stopCapturing();
    return { result: fail(classifyCaptureError(error)) };
  }

  if (slicesAskedByTimer) {
    const sliceTimer = setInterval(() => recorder.state === 'recording' && recorder.requestData(), TIMESLICE_MS);
    signal.addEventListener('abort', () => clearInterval(sliceTimer));
  }
  const end = new RecordingEnd(recorder, signal);
  const stopWith = (reason: EndReason, error?: ErrorCode) => end.stopWith(reason, error);
  // The background is unreachable for good (extension reloaded): nothing can store
  // further slices, so stop; what was acknowledged is safe.
  const link = new RecordingLink(recordingId, () => stopWith('error', 'extension-unreachable'));
  const slices = new SliceRoute(
    canWriteThroughFrame()
      ? openSliceFrame(element.ownerDocument, { recordingId, key: sliceKey, mimeType: format.mimeType }, signal)
      : undefined,
    (why) => {
      if (__TEST__) reportEventForTest(`slices:link:${why}`);
    },
  );
  // Slices are stored one after another, and the link told in the same order. One that
  // cannot be passed on ends the recording there, so what was stored is saved.
  const queue = new SliceQueue(
    (seq, data) => slices.store(seq, data),
    (message) => link.send(message),
    (error) => {
      console.error('Media Recorder: could not pass on a recorded slice', error);
      end.failed('storage-failed');
    },
  );

  recorder.addEventListener(
    'dataavailable',
    (event: BlobEvent) => {
      if (event.data.size > 0) queue.push(event.data);
    },
    { signal },
  );
  recorder.addEventListener('pause', () => link.send({ type: 'paused', at: Date.now() }), { signal });
  recorder.addEventListener('resume', () => link.send({ type: 'resumed', at: Date.now() }), { signal });
  recorder.addEventListener(
    'stop',
    () => {
      const at = Date.now();
      void queue.settled().then(async () => {
        link.send({ type: 'ended', at, reason: end.reason, ...(end.error ? { error: end.error } : {}) });
        stopCapturing();
        await link.drain();
        link.close();
        onFinished(end.reason);
      });
    },
    { signal },
  );
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
  link.send({ type: 'started', at: Date.now() });
  // What the media has, the file must have: say so when capture gets silence or black.
  const expectedSignals: Signal[] = [
    ...(presence.hasAudio && hasAudio(element) !== false ? (['sound'] as const) : []),
    ...(presence.hasVideo ? (['picture'] as const) : []),
  ];
  probeSignals(element, tracks, expectedSignals, (missing) => link.send({ type: 'signal', missing }), signal);

  const capture: Capture = {
    control(action, because) {
      if (recorder.state === 'inactive') return false;
      if (action === 'pause' && recorder.state === 'recording') recorder.pause();
      else if (action === 'resume' && recorder.state === 'paused') recorder.resume();
      else if (action === 'stop') stopWith(because ? 'error' : 'user', because);
      return true;
    },
  };
  return {
    result: {
      ok: true,
      format,
      mediaKind: element instanceof HTMLVideoElement ? 'video' : 'audio',
      mediaTitle: ownTitle(element),
    },
    capture,
  };
}
