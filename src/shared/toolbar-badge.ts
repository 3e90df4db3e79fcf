/**
 * What the toolbar button shows for one tab while it records: a red "REC" for the first
 * minute, then the elapsed minutes ("12m", "1h05"), a grey "II" when every recording of the
 * tab is paused, nothing when none runs.
 */

import type { RecordingState } from './recording-state';

export interface BadgeRecording {
  state: RecordingState;
  elapsedMs: number;
}

export interface ToolbarBadge {
  text: string;
  color: string;
  /** Every running recording of the tab is paused. */
  paused: boolean;
}

export const RECORDING_COLOR = '#d93025';
export const PAUSED_COLOR = '#5f6368';

/** Badges hold about four characters. */
export function elapsedBadgeText(elapsedMs: number): string {
  const minutes = Math.floor(elapsedMs / 60_000);
  if (minutes < 1) return 'REC';
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}`;
}

/** The badge for a tab's recordings, or undefined when nothing is being recorded there. */
export function toolbarBadge(recordings: readonly BadgeRecording[]): ToolbarBadge | undefined {
  const running = recordings.filter(({ state }) => state === 'starting' || state === 'recording');
  const paused = recordings.filter(({ state }) => state === 'paused');
  if (running.length > 0) {
    const longest = Math.max(...running.map(({ elapsedMs }) => elapsedMs));
    return { text: elapsedBadgeText(longest), color: RECORDING_COLOR, paused: false };
  }
  if (paused.length > 0) return { text: 'II', color: PAUSED_COLOR, paused: true };
  return undefined;
}
