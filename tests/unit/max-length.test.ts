import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stopAfter } from '../../src/content/max-length';

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => void vi.useRealTimers());

describe('stopAfter', () => {
  it('stops once the recorder has run the limit, pauses excluded', () => {
    const recorder = new EventTarget();
    const onLimit = vi.fn();
    stopAfter(recorder, 10_000, onLimit, new AbortController().signal);
    vi.advanceTimersByTime(4_000);
    recorder.dispatchEvent(new Event('pause'));
    vi.advanceTimersByTime(60_000);
    expect(onLimit).not.toHaveBeenCalled();
    recorder.dispatchEvent(new Event('resume'));
    vi.advanceTimersByTime(5_999);
    expect(onLimit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onLimit).toHaveBeenCalledTimes(1);
  });

  it('lets go of its timer and listeners with the recording', () => {
    const recorder = new EventTarget();
    const onLimit = vi.fn();
    const lifetime = new AbortController();
    stopAfter(recorder, 1_000, onLimit, lifetime.signal);
    lifetime.abort();
    recorder.dispatchEvent(new Event('resume'));
    vi.advanceTimersByTime(5_000);
    expect(onLimit).not.toHaveBeenCalled();
  });
});
