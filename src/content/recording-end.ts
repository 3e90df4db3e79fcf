/**
 * Why one recording ended, and stopping its recorder once. The first reason wins: a
 * recorder an error stopped, or a page that went away, is not reported as the user's Stop,
 * and a second stop does not override the first.
 *
 * The user's Stop stops the recorder a moment after the press, and notes the press on the
 * recording's own timeline: the recorder's sound ends about 100 ms before its picture, so
 * both run on past the press and finishing cuts them there together.
 */

import { activeMsAt, notRunning, pausedAt, resumedAt, type ActiveTime } from '../shared/active-time';
import { classifyCaptureError, type ErrorCode } from '../shared/errors';
import type { EndReason } from '../shared/recording-state';

type Recorder = Pick<MediaRecorder, 'state' | 'stop'> & EventTarget;

/**
 * How long the recorder runs on after the press: past the end of both tracks' last packets.
 * Every ms here is a ms between Stop and the download (issue #17).
 * - Chromium's sound lags its picture by 55 to 108 ms (measured), so 200 ms leaves about
 *   as much again; should the sound still end before the press, finishing cuts both tracks
 *   where it ends (shared/mp4-index's endTogether), so they end together either way.
 * - Firefox's sound reaches past the press even when stopped at it, but its picture may
 *   end up to 32 ms before it. Stopped 100 ms after the press, both tracks reached at least
 *   98 ms past it, the last frame starting at least 65 ms past it, in 22 runs at 360p and
 *   720p (2026-12-01, Firefox ESR 153). A machine too busy to decode the page's video
 *   (1080p at 6 to 16 frames a second on two cores) left the picture short even at 200 ms.
 */
export const STOP_AFTER_PRESS_MS = __BROWSER__ === 'firefox' ? 100 : 200;

export class RecordingEnd {
  private endReason: EndReason = 'user';
  private endError: ErrorCode | undefined;
  private stopping = false;
  /** Time recorded, pauses excluded, from the recorder's start (its timeline's zero). */
  private active: ActiveTime = notRunning;
  private press: { atMs: number; wallAt: number } | undefined;

  constructor(
    private readonly recorder: Recorder,
    signal: AbortSignal,
    private readonly clock: () => number = () => performance.now(),
  ) {
    const on = (type: string, listener: () => void) => recorder.addEventListener(type, listener, { signal });
    on('start', () => (this.active = resumedAt(notRunning, this.clock())));
    on('pause', () => (this.active = pausedAt(this.active, this.clock())));
    on('resume', () => (this.active = resumedAt(this.active, this.clock())));
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
    // Only a press while recording waits: paused, nothing more would be recorded.
    if (reason === 'user' && this.recorder.state === 'recording' && this.active.runningSince !== undefined) {
      this.press = { atMs: Math.round(activeMsAt(this.active, this.clock())), wallAt: Date.now() };
      setTimeout(() => this.stopNow(), STOP_AFTER_PRESS_MS);
      return;
    }
    this.stopNow();
  }

  private stopNow(): void {
    if (this.recorder.state === 'inactive') return;
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

  /** The user's press, when the recorder ran on after it: where the file ends, and when. */
  get pressed(): { atMs: number; wallAt: number } | undefined {
    return this.press;
  }

  /** What the end message says. */
  get reason(): EndReason {
    return this.endReason;
  }

  get error(): ErrorCode | undefined {
    return this.endError;
  }
}
