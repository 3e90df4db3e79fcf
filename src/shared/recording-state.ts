/**
 * The life of one recording, as a pure reducer over events. The background owns one per
 * recording and feeds it what the content script and the user do.
 *
 *   idle ──start──▶ starting ──started──▶ recording ◀──resumed── paused
 *                      │                     │  └──────paused──────▶ │
 *                      │                    stop                    stop
 *                      │                     ▼                       │
 *                      │                  stopping ◀─────────────────┘
 *                      │                     │
 *                      │   ended (also straight from recording/paused: the media
 *                      │   ended, the page went away)
 *                      │                     ▼
 *                      └──failed──▶ failed ◀─ finalizing ──saved──▶ saved
 *                                     └──────saved (a retried download)──────▲
 *
 * `failed` can follow any state that is not final; a failed recording whose data was kept
 * becomes `saved` when the user's retry succeeds. Elapsed time counts only the time spent
 * in `recording`, so a pause does not stretch the timer.
 */

import { activeMsAt, pausedAt, resumedAt, type ActiveTime } from './active-time';

export type RecordingState =
  'idle' | 'starting' | 'recording' | 'paused' | 'stopping' | 'finalizing' | 'saved' | 'failed';

/** Why the recorder stopped producing data. */
export type EndReason =
  | 'user'
  | 'media-ended'
  | 'max-length'
  | 'source-changed'
  /** The source changed once more than the parts one recording may have (shared/parts.ts). */
  | 'parts-limit'
  /** A captured track ended while the element kept its source: nothing more to record. */
  | 'track-ended'
  | 'element-removed'
  | 'cut-short'
  | 'error';

export const END_REASONS: readonly EndReason[] = [
  'user',
  'media-ended',
  'max-length',
  'source-changed',
  'parts-limit',
  'track-ended',
  'element-removed',
  'cut-short',
  'error',
];

export type RecordingEvent =
  | { type: 'start' }
  | { type: 'started'; at: number }
  | { type: 'paused'; at: number }
  | { type: 'resumed'; at: number }
  | { type: 'stop' }
  | { type: 'ended'; at: number; reason: EndReason }
  | { type: 'saved' }
  | { type: 'failed'; at: number };

/** Its time (ActiveTime) runs only while `recording`. */
export interface RecordingTimeline extends ActiveTime {
  state: RecordingState;
  startedAt: number | undefined;
  endedAt: number | undefined;
  endReason: EndReason | undefined;
}

export const initialTimeline: RecordingTimeline = {
  state: 'idle',
  activeMs: 0,
  runningSince: undefined,
  startedAt: undefined,
  endedAt: undefined,
  endReason: undefined,
};

export class InvalidTransitionError extends Error {
  constructor(from: RecordingState, event: RecordingEvent['type']) {
    super(`A recording in state "${from}" cannot take "${event}"`);
    this.name = 'InvalidTransitionError';
  }
}

const FINAL: ReadonlySet<RecordingState> = new Set(['saved', 'failed']);

/** Final: no more data will come. (`failed` may still turn `saved` on a retried download.) */

export function isFinal(state: RecordingState): boolean {
  return FINAL.has(state);
}

/** True while the recorder may still produce data. */
export function isCapturing(state: RecordingState): boolean {
  return state === 'starting' || state === 'recording' || state === 'paused' || state === 'stopping';
}

export function transition(timeline: RecordingTimeline, event: RecordingEvent): RecordingTimeline {
  const { state } = timeline;
  const invalid = (): never => {
    throw new InvalidTransitionError(state, event.type);
  };
  switch (event.type) {
    case 'start':
      return state === 'idle' ? { ...timeline, state: 'starting' } : invalid();
    case 'started':
      return state === 'starting'
        ? { ...timeline, state: 'recording', startedAt: event.at, ...resumedAt(timeline, event.at) }
        : invalid();
    case 'paused':
      return state === 'recording' ? { ...timeline, state: 'paused', ...pausedAt(timeline, event.at) } : invalid();
    case 'resumed':
      return state === 'paused' ? { ...timeline, state: 'recording', ...resumedAt(timeline, event.at) } : invalid();
    case 'stop':
      return state === 'recording' || state === 'paused' || state === 'starting'
        ? { ...timeline, state: 'stopping' }
        : invalid();
    case 'ended':
      return isCapturing(state)
        ? {
            ...timeline,
            state: 'finalizing',
            ...pausedAt(timeline, event.at),
            endedAt: event.at,
            endReason: event.reason,
          }
        : invalid();
    case 'saved':
      return state === 'finalizing' || state === 'failed' ? { ...timeline, state: 'saved' } : invalid();
    case 'failed':
      return isFinal(state) ? invalid() : { ...timeline, state: 'failed', ...pausedAt(timeline, event.at) };
  }
}

/** Milliseconds of media recorded so far, pauses excluded. */
export function elapsedMs(timeline: RecordingTimeline, now: number): number {
  return activeMsAt(timeline, now);
}
