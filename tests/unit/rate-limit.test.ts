import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce, throttle, type Timers } from '../../src/shared/rate-limit';

const timers: Timers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('coalesce', () => {
  it('makes one run of a burst, its delay after the burst’s first call', () => {
    const run = vi.fn();
    const scheduled = coalesce(run, 100, timers);
    scheduled.schedule();
    vi.advanceTimersByTime(60);
    scheduled.schedule();
    vi.advanceTimersByTime(39);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('still runs on a page that never stops changing: once per delay', () => {
    const run = vi.fn();
    const scheduled = coalesce(run, 100, timers);
    for (let ms = 0; ms < 1000; ms += 10) {
      scheduled.schedule();
      vi.advanceTimersByTime(10);
    }
    expect(run).toHaveBeenCalledTimes(10);
  });

  it('with a spacing, sees a quiet page’s first change after the delay, a busy page’s once per spacing', () => {
    const run = vi.fn();
    const scheduled = coalesce(run, 100, timers, 1000);
    scheduled.schedule();
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(1);
    for (let ms = 0; ms < 2900; ms += 10) {
      scheduled.schedule();
      vi.advanceTimersByTime(10);
    }
    // At 1100 and 2100 ms after the first run's burst began, not every 100 ms.
    expect(run).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(5000);
    scheduled.schedule();
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(5);
  });

  it('runs nothing once cancelled', () => {
    const run = vi.fn();
    const scheduled = coalesce(run, 100, timers);
    scheduled.schedule();
    scheduled.cancel();
    vi.advanceTimersByTime(500);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('throttle', () => {
  it('runs the first call at once, then at most once per interval, never losing the last', () => {
    const run = vi.fn();
    const throttled = throttle(run, 250, timers);
    throttled.schedule();
    expect(run).toHaveBeenCalledTimes(1);
    // A slice a second for 10 s, plus byte counts in between: at most four runs a second.
    for (let ms = 0; ms < 1000; ms += 50) {
      throttled.schedule();
      vi.advanceTimersByTime(50);
    }
    expect(run.mock.calls.length).toBeLessThanOrEqual(5);
    const count = run.mock.calls.length;
    throttled.schedule();
    vi.advanceTimersByTime(250);
    expect(run).toHaveBeenCalledTimes(count + 1);
  });

  it('runs at once on `now`, taking the place of a pending run', () => {
    const run = vi.fn();
    const throttled = throttle(run, 250, timers);
    throttled.schedule();
    throttled.schedule();
    throttled.now();
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
