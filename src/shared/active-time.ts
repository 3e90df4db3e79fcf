/**
 * A pause-aware timer as plain values: the time spent running, pauses excluded. The
 * recording's state machine keeps one in its timeline, the content script one for the
 * maximum length and one for the page's marker. Times are milliseconds of one clock.
 */

export interface ActiveTime {
  /** Milliseconds run before the current run began. */
  readonly activeMs: number;
  /** When the current run began; undefined while paused (or not started). */
  readonly runningSince: number | undefined;
}

/** Not started: nothing run, not running. */
export const notRunning: ActiveTime = { activeMs: 0, runningSince: undefined };

export function isRunning(time: ActiveTime): boolean {
  return time.runningSince !== undefined;
}

/** Milliseconds run by `now`, pauses excluded. A clock that went back counts no time. */
export function activeMsAt(time: ActiveTime, now: number): number {
  return time.runningSince === undefined ? time.activeMs : time.activeMs + Math.max(0, now - time.runningSince);
}

/** Stops counting at `at`, keeping what was run; a paused time stays as it is. */
export function pausedAt(time: ActiveTime, at: number): ActiveTime {
  return { activeMs: activeMsAt(time, at), runningSince: undefined };
}

/** Counts again from `at`; a running time stays as it is. */
export function resumedAt(time: ActiveTime, at: number): ActiveTime {
  return time.runningSince === undefined ? { activeMs: time.activeMs, runningSince: at } : time;
}
