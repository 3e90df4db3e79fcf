import { describe, expect, it, vi } from 'vitest';
import { keepTracks } from '../../src/content/recorded-tracks';
import { RecordingEnd, STOP_AFTER_PRESS_MS } from '../../src/content/recording-end';

/** A MediaRecorder as far as its end goes. */
class FakeRecorder extends EventTarget {
  state: RecordingState = 'recording';
  stop = vi.fn(() => {
    this.state = 'inactive';
  });
}

function failWith(recorder: FakeRecorder, error: unknown): void {
  recorder.stop.mockImplementation(() => {
    throw new DOMException('already inactive', 'InvalidStateError');
  });
  recorder.state = 'inactive';
  recorder.dispatchEvent(Object.assign(new Event('error'), { error }));
}

describe('RecordingEnd', () => {
  it('reports a recorder error as the end, with what it was', () => {
    const recorder = new FakeRecorder();
    recorder.state = 'recording';
    const end = new RecordingEnd(recorder, new AbortController().signal);
    // A browser that does not stop its recorder itself after an error is stopped.
    recorder.dispatchEvent(Object.assign(new Event('error'), { error: new DOMException('boom', 'UnknownError') }));
    expect(recorder.stop).toHaveBeenCalledTimes(1);
    expect([end.reason, end.error]).toEqual(['error', 'recorder-failed']);
  });

  it('keeps the first reason: a later stop does not say the user stopped it', () => {
    const recorder = new FakeRecorder();
    const end = new RecordingEnd(recorder, new AbortController().signal);
    end.stopWith('track-ended');
    end.stopWith('user');
    expect(recorder.stop).toHaveBeenCalledTimes(1);
    expect([end.reason, end.error]).toEqual(['track-ended', undefined]);
  });

  it('says so when a slice is lost, before or after the stop', () => {
    const recording = new FakeRecorder();
    const before = new RecordingEnd(recording, new AbortController().signal);
    before.failed('storage-failed');
    expect(recording.stop).toHaveBeenCalledTimes(1);
    expect([before.reason, before.error]).toEqual(['error', 'storage-failed']);

    const stopped = new FakeRecorder();
    const after = new RecordingEnd(stopped, new AbortController().signal);
    after.stopWith('user');
    after.failed('storage-failed');
    expect([after.reason, after.error]).toEqual(['error', 'storage-failed']);
  });

  it("stops the recorder a moment after the user's press, and notes the press on the recorded time", () => {
    vi.useFakeTimers();
    const recorder = new FakeRecorder();
    const clock = { now: 1_000 };
    const end = new RecordingEnd(recorder, new AbortController().signal, () => clock.now);
    recorder.dispatchEvent(new Event('start'));
    clock.now = 3_000;
    recorder.dispatchEvent(new Event('pause'));
    clock.now = 4_000;
    recorder.dispatchEvent(new Event('resume'));
    clock.now = 4_500;
    end.stopWith('user');
    // 2 s before the pause and 0.5 s after it: the pause is not recorded time.
    expect(end.pressed?.atMs).toBe(2_500);
    expect(recorder.stop).not.toHaveBeenCalled();
    vi.advanceTimersByTime(STOP_AFTER_PRESS_MS);
    expect(recorder.stop).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('stops at once for any other reason, or when paused', () => {
    const recorder = new FakeRecorder();
    const end = new RecordingEnd(recorder, new AbortController().signal);
    recorder.dispatchEvent(new Event('start'));
    end.stopWith('media-ended');
    expect(recorder.stop).toHaveBeenCalledTimes(1);
    expect(end.pressed).toBeUndefined();

    const paused = new FakeRecorder();
    const pausedEnd = new RecordingEnd(paused, new AbortController().signal);
    paused.dispatchEvent(new Event('start'));
    paused.state = 'paused';
    pausedEnd.stopWith('user');
    expect(paused.stop).toHaveBeenCalledTimes(1);
  });

  it('listens no more once the recording is over', () => {
    const recorder = new FakeRecorder();
    const lifetime = new AbortController();
    const end = new RecordingEnd(recorder, lifetime.signal);
    lifetime.abort();
    failWith(recorder, new Error('late'));
    expect([end.reason, end.error]).toEqual(['user', undefined]);
  });
});

describe('keepTracks', () => {
  const track = (kind: string) => ({ kind, stop: vi.fn() });

  it('keeps sound and picture, or only the sound, and stops what it does not keep', () => {
    const [audio, video] = [track('audio'), track('video')];
    expect(keepTracks({ getTracks: () => [audio, video] }, true)).toEqual([audio, video]);
    expect(video.stop).not.toHaveBeenCalled();

    const [soundOnly, unused] = [track('audio'), track('video')];
    expect(keepTracks({ getTracks: () => [soundOnly, unused] }, false)).toEqual([soundOnly]);
    expect(unused.stop).toHaveBeenCalledTimes(1);
    expect(soundOnly.stop).not.toHaveBeenCalled();
  });
});
