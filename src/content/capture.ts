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
import type { Signal } from '../shared/signal-check';
import type { CaptureOptions, CaptureStarted, ControlAction, Failure } from '../platform/messaging/protocol';
import type { MediaElement } from './media-discovery';
import { hasAudio, ownTitle } from './media-describe';
import { keepTracks } from './recorded-tracks';
import { RecordingEnd } from './recording-end';
import type { RecordingLink } from './recording-link';
import { probeSignals } from './signal-probe';
import { makeReady, openStream } from './capture-stream';
import { startRecorder } from './capture-recorder';
import { sendOutput } from './capture-output';
import { watchForEnds } from './capture-ends';
import { fedRecorderFor } from './fed-recorder-for-test';
import { reportEventForTest } from './test-page-report';

export interface Capture {
  /** `because`: the background stops it for this reason (storage full), not the user. */
  control(action: ControlAction, because?: ErrorCode): boolean;
}

interface Presence {
  hasVideo: boolean;
  hasAudio: boolean;
}

const fail = (error: ErrorCode): Failure => ({ ok: false, error });

const presenceOf = (tracks: MediaStreamTrack[]): Presence => ({
  hasVideo: tracks.some((track) => track.kind === 'video'),
  hasAudio: tracks.some((track) => track.kind === 'audio'),
});

/** What the media has, the file must have: tells the background when capture gets silence or black. */
function watchSignals(
  element: MediaElement,
  tracks: MediaStreamTrack[],
  presence: Presence,
  link: RecordingLink,
  signal: AbortSignal,
): void {
  const expected: Signal[] = [
    ...(presence.hasAudio && hasAudio(element) !== false ? (['sound'] as const) : []),
    ...(presence.hasVideo ? (['picture'] as const) : []),
  ];
  probeSignals(element, tracks, expected, (missing) => link.send({ type: 'signal', missing }), signal);
}

/** What the user (popup, menu, shortcut) and the background can do to a running recording. */
function controlsOf(recorder: MediaRecorder, stopWith: (reason: EndReason, error?: ErrorCode) => void): Capture {
  return {
    control(action, because) {
      if (recorder.state === 'inactive') return false;
      if (action === 'pause' && recorder.state === 'recording') recorder.pause();
      else if (action === 'resume' && recorder.state === 'paused') recorder.resume();
      else if (action === 'stop') stopWith(because ? 'error' : 'user', because);
      return true;
    },
  };
}

export async function startCapture(
  element: MediaElement,
  { recordingId, sliceKey, part }: { recordingId: string; sliceKey: string; part: number },
  options: CaptureOptions,
  onFinished: (reason: EndReason) => void,
): Promise<{ result: CaptureStarted | Failure; capture?: Capture }> {
  const notReady = await makeReady(element);
  if (notReady) return { result: fail(notReady) };

  // Everything this recording attaches goes with it, through this one controller.
  const lifetime = new AbortController();
  const { signal } = lifetime;
  const stream = await openStream(element, signal);
  if (typeof stream === 'string') return { result: fail(stream) };
  // An <audio> element never gives a picture; a video keeps what it has, unless the user
  // asked for its sound alone.
  const tracks = keepTracks(stream, element instanceof HTMLVideoElement && !options.audioOnly);
  // Tracks the capture adds later (a source change) stop with it too.
  const release = () => {
    stream.getTracks().forEach((track) => track.stop());
    lifetime.abort();
  };

  const presence = presenceOf(tracks);
  if (!presence.hasVideo && !presence.hasAudio) return (release(), { result: fail('no-tracks') });
  const format = chooseRecordingFormat(presence, (type) => MediaRecorder.isTypeSupported(type), options.format);
  if (!format) return (release(), { result: fail('unsupported-format') });

  let recorder: MediaRecorder;
  // Test builds: a benchmark's feed of recorded slices stands in for the recorder.
  const fed = __TEST__ ? fedRecorderFor(element, format.mimeType) : undefined;
  try {
    recorder = fed?.recorder ?? startRecorder(tracks, format, presence.hasVideo, options.bitrates, signal);
  } catch (error) {
    release();
    return { result: fail(classifyCaptureError(error)) };
  }

  const end = new RecordingEnd(recorder, signal, fed?.clock);
  const stopWith = (reason: EndReason, error?: ErrorCode) => end.stopWith(reason, error);
  const target = { element, recordingId, sliceKey, mimeType: format.mimeType };
  const output = sendOutput(recorder, end, target, release, onFinished, signal);
  const { link } = output;
  watchForEnds(element, recorder, tracks, { options, part }, stopWith, signal);
  const startedAt = Date.now();
  link.send({ type: 'started', at: startedAt });
  // Tests measure what a page's end may lose from here, not from the Record press.
  if (__TEST__) reportEventForTest(`recorder:started:${startedAt}`);
  fed?.feed(output);
  watchSignals(element, tracks, presence, link, signal);

  return {
    result: {
      ok: true,
      format,
      mediaKind: element instanceof HTMLVideoElement ? 'video' : 'audio',
      mediaTitle: ownTitle(element),
    },
    capture: controlsOf(recorder, stopWith),
  };
}
