/**
 * Why one recording ended, and stopping its recorder once. The first reason wins: a
 * recorder an error stopped, or a page that went away, is not reported as the user's Stop,
 * and a second stop does not override the first.
 */

import { classifyCaptureError, type ErrorCode } from '../shared/errors';
import type { EndReason } from '../shared/recording-state';

type Recorder = Pick<MediaRecorder, 'state' | 'stop'> & EventTarget;

export class RecordingEnd {
  private endReason: EndReason = 'user';
  private endError: ErrorCode | undefined;
  private stopping = false;

  constructor(
    private readonly recorder: Recorder,
    signal: AbortSignal,
  ) {
    recorder.addEventListener(
      'error',
      (event: Event) => {
        const error = (event as Event & { error?: unknown }).error;
        console.error('Media Recorder: the recorder failed', error);
        // The recorder stops by itself after an error; stop() covers a browser that does not.
        this.stopWith('error', classifyCaptureError(error));
      },
      { signal },
    );
  }

  /** Stops the recorder for `reason`, unless it is already stopped or stopping. */
  stopWith(reason: EndReason, error?: ErrorCode): void {
    if (this.recorder.state === 'inactive' || this.stopping) return;
    this.stopping = true;
    this.endReason = reason;
    this.endError = error;
    try {
      this.recorder.stop();
    } catch (stopError) {
      // Already stopped by the browser (an error, its tracks ended): its `stop` event follows.
      console.warn('Media Recorder: stop', stopError);
    }
  }

  /** Something was lost: stop there, or, past the stop (its last slice), still say so. */
  failed(error: ErrorCode): void {
    if (this.recorder.state !== 'inactive') return this.stopWith('error', error);
    this.endReason = 'error';
    this.endError = error;
  }

  /** What the end message says. */
  get reason(): EndReason {
    return this.endReason;
  }

  get error(): ErrorCode | undefined {
    return this.endError;
  }
}
