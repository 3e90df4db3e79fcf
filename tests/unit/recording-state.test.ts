import { describe, expect, it } from 'vitest';
import {
  elapsedMs,
  initialTimeline,
  InvalidTransitionError,
  transition,
  type RecordingEvent,
  type RecordingTimeline,
} from '../../src/shared/recording-state';

const run = (...events: RecordingEvent[]): RecordingTimeline => events.reduce(transition, initialTimeline);

describe('recording state machine', () => {
  it('goes idle → starting → recording → stopping → finalizing → saved', () => {
    const states = [
      { type: 'start' },
      { type: 'started', at: 1000 },
      { type: 'stop' },
      { type: 'ended', at: 6000, reason: 'user' },
      { type: 'saved' },
    ].reduce<string[]>((seen, event, index, all) => {
      seen.push(run(...(all.slice(0, index + 1) as RecordingEvent[])).state);
      return seen;
    }, []);
    expect(states).toEqual(['starting', 'recording', 'stopping', 'finalizing', 'saved']);
  });

  it('counts only time spent recording, not paused', () => {
    const paused = run({ type: 'start' }, { type: 'started', at: 1000 }, { type: 'paused', at: 4000 });
    expect(elapsedMs(paused, 9000)).toBe(3000);
    const resumed = transition(paused, { type: 'resumed', at: 10_000 });
    expect(elapsedMs(resumed, 12_000)).toBe(5000);
    const ended = transition(resumed, { type: 'ended', at: 13_000, reason: 'user' });
    expect(elapsedMs(ended, 99_000)).toBe(6000);
    expect(ended.endReason).toBe('user');
  });

  it('ends straight from recording or paused when the media ends or the page goes', () => {
    expect(
      run({ type: 'start' }, { type: 'started', at: 0 }, { type: 'ended', at: 5, reason: 'media-ended' }).state,
    ).toBe('finalizing');
    expect(
      run(
        { type: 'start' },
        { type: 'started', at: 0 },
        { type: 'paused', at: 1 },
        { type: 'ended', at: 5, reason: 'cut-short' },
      ).state,
    ).toBe('finalizing');
  });

  it('fails from any state that is not final, and never leaves a final state', () => {
    expect(run({ type: 'start' }, { type: 'failed', at: 0 }).state).toBe('failed');
    const saved = run(
      { type: 'start' },
      { type: 'started', at: 0 },
      { type: 'ended', at: 1, reason: 'user' },
      { type: 'saved' },
    );
    expect(() => transition(saved, { type: 'failed', at: 2 })).toThrow(InvalidTransitionError);
    expect(() => transition(saved, { type: 'start' })).toThrow(InvalidTransitionError);
  });

  it('refuses events that make no sense in the current state', () => {
    expect(() => run({ type: 'started', at: 0 })).toThrow(InvalidTransitionError);
    expect(() => run({ type: 'start' }, { type: 'paused', at: 0 })).toThrow(InvalidTransitionError);
    expect(() => run({ type: 'start' }, { type: 'started', at: 0 }, { type: 'resumed', at: 1 })).toThrow(
      InvalidTransitionError,
    );
    expect(() => run({ type: 'start' }, { type: 'saved' })).toThrow(InvalidTransitionError);
  });

  it('turns a failed save into saved when the retried download succeeds', () => {
    const failed = run(
      { type: 'start' },
      { type: 'started', at: 0 },
      { type: 'ended', at: 1, reason: 'user' },
      { type: 'failed', at: 2 },
    );
    expect(transition(failed, { type: 'saved' }).state).toBe('saved');
  });
});
