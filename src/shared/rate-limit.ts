/**
 * Two ways to turn a burst of changes into few messages, with the clock passed in so
 * tests can drive it.
 */

export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Scheduled {
  schedule(): void;
  cancel(): void;
}

/**
 * Runs `run` once, `delayMs` after the first call of a burst: later calls within that time
 * join it. Unlike a debounce that waits for quiet, a page that never stops changing still
 * reports, at most once per `delayMs`, or per `spacingMs` when that is longer: a quiet
 * page's first change is seen soon, a busy page's are not looked at many times a second.
 */
export function coalesce(run: () => void, delayMs: number, timers: Timers = realTimers, spacingMs = 0): Scheduled {
  let pending: unknown;
  let lastRun = -Infinity;
  return {
    schedule() {
      if (pending !== undefined) return;
      const wait = Math.max(delayMs, lastRun + spacingMs - timers.now());
      pending = timers.setTimeout(() => {
        pending = undefined;
        lastRun = timers.now();
        run();
      }, wait);
    },
    cancel() {
      if (pending !== undefined) timers.clearTimeout(pending);
      pending = undefined;
    },
  };
}

export interface Throttled extends Scheduled {
  /** Runs now, whatever ran last: for changes that must be seen at once (a state change). */
  now(): void;
}

/**
 * Runs `run` at most once per `intervalMs`: the first call at once, calls within the
 * interval once at its end, so the last change is never lost.
 */
export function throttle(run: () => void, intervalMs: number, timers: Timers = realTimers): Throttled {
  let last = -Infinity;
  let pending: unknown;
  const fire = () => {
    if (pending !== undefined) timers.clearTimeout(pending);
    pending = undefined;
    last = timers.now();
    run();
  };
  return {
    now: fire,
    schedule() {
      if (pending !== undefined) return;
      const wait = last + intervalMs - timers.now();
      if (wait <= 0) fire();
      else pending = timers.setTimeout(fire, wait);
    },
    cancel() {
      if (pending !== undefined) timers.clearTimeout(pending);
      pending = undefined;
    },
  };
}
