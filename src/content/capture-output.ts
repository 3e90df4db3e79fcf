/**
 * Where a recording's output goes: each slice to storage in the order recorded (see
 * slice-route.ts), and its start, pauses, resumptions and end to the background over the
 * recording's link. Once the end is acknowledged, the capture is let go.
 */

import type { EndReason } from '../shared/recording-state';
import type { MediaElement } from './media-discovery';
import { RecordingLink } from './recording-link';
import type { RecordingEnd } from './recording-end';
import { canWriteThroughFrame, openSliceFrame } from './slice-frame';
import { SliceQueue } from './slice-queue';
import { SliceRoute } from './slice-route';
import { reportEventForTest } from './test-page-report';

export interface OutputTarget {
  element: MediaElement;
  recordingId: string;
  /** The recording's key for the slice-writer frame. */
  sliceKey: string;
  mimeType: string;
}

export interface RecordingOutput {
  link: RecordingLink;
  /**
   * Resolves once every slice handed over so far is stored and the background acknowledged
   * its news (or the link failed, or `timeoutMs` passed). In Firefox the frame stores a slice
   * before the link carries its news, so the link alone can be drained while slices wait.
   */
  drain(timeoutMs?: number): Promise<void>;
}

/**
 * Sends what `recorder` produces; after its end, `release` lets go of the capture and
 * `onFinished` is told.
 */
export function sendOutput(
  recorder: MediaRecorder,
  end: RecordingEnd,
  { element, recordingId, sliceKey, mimeType }: OutputTarget,
  release: () => void,
  onFinished: (reason: EndReason) => void,
  signal: AbortSignal,
): RecordingOutput {
  // The background is unreachable for good (extension reloaded): nothing can store
  // further slices, so stop; what was acknowledged is safe.
  const link = new RecordingLink(recordingId, () => end.stopWith('error', 'extension-unreachable'));
  const slices = new SliceRoute(
    canWriteThroughFrame()
      ? openSliceFrame(element.ownerDocument, { recordingId, key: sliceKey, mimeType }, signal)
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
      // The recording ends at the press, when the recorder ran on after it.
      const pressed = end.reason === 'user' ? end.pressed : undefined;
      const at = pressed?.wallAt ?? Date.now();
      const endAt = pressed ? { endAtMs: pressed.atMs } : {};
      void queue.settled().then(async () => {
        link.send({ type: 'ended', at, reason: end.reason, ...endAt, ...(end.error ? { error: end.error } : {}) });
        release();
        await link.drain();
        link.close();
        onFinished(end.reason);
      });
    },
    { signal },
  );
  return {
    link,
    drain: async (timeoutMs) => {
      await queue.settled();
      await link.drain(timeoutMs);
    },
  };
}
