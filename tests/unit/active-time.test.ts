import { describe, expect, it } from 'vitest';
import { activeMsAt, isRunning, notRunning, pausedAt, resumedAt } from '../../src/shared/active-time';

describe('active time', () => {
  it('counts nothing before it runs', () => {
    expect(activeMsAt(notRunning, 5_000)).toBe(0);
    expect(isRunning(notRunning)).toBe(false);
  });

  it('counts only the time it runs, across pauses', () => {
    let time = resumedAt(notRunning, 1_000);
    expect(isRunning(time)).toBe(true);
    expect(activeMsAt(time, 3_500)).toBe(2_500);
    time = pausedAt(time, 4_000);
    expect(isRunning(time)).toBe(false);
    expect(activeMsAt(time, 60_000)).toBe(3_000);
    time = resumedAt(time, 10_000);
    expect(activeMsAt(time, 10_500)).toBe(3_500);
    expect(pausedAt(time, 12_000)).toEqual({ activeMs: 5_000, runningSince: undefined });
  });

  it('takes a second pause or resume for none', () => {
    const running = resumedAt(notRunning, 1_000);
    expect(resumedAt(running, 2_000)).toBe(running);
    const paused = pausedAt(running, 2_000);
    expect(pausedAt(paused, 9_000)).toEqual(paused);
  });

  it('counts no time for a clock that went back', () => {
    const running = resumedAt({ activeMs: 700, runningSince: undefined }, 5_000);
    expect(activeMsAt(running, 4_000)).toBe(700);
    expect(pausedAt(running, 4_000).activeMs).toBe(700);
  });
});
