/** The maximum length of a recording (Settings), counted as the recorder runs: pauses excluded. */

import { activeMsAt, notRunning, pausedAt, resumedAt } from '../shared/active-time';

/** Calls `onLimit` once `recorder` has run `limitMs`, pauses excluded; it runs from now. */
export function stopAfter(recorder: EventTarget, limitMs: number, onLimit: () => void, signal: AbortSignal): void {
  let time = notRunning;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const now = Date.now();
    time = resumedAt(time, now);
    timer = setTimeout(onLimit, Math.max(0, limitMs - activeMsAt(time, now)));
  };
  recorder.addEventListener(
    'pause',
    () => {
      clearTimeout(timer);
      time = pausedAt(time, Date.now());
    },
    { signal },
  );
  recorder.addEventListener('resume', arm, { signal });
  signal.addEventListener('abort', () => clearTimeout(timer));
  arm();
}
