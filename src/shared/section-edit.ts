/**
 * The rules of the library's section editor (issue #18), apart from its page: how far
 * each key moves a handle, how the two handles keep out of each other's way, what is said
 * of the key frame the section really starts at, whether a recording can be cut at all,
 * and the check of a 'save-section' request. No re-encoding is done, so the start snaps to
 * the key frame at or before it; the end is exact.
 */

import type { ErrorCode } from './errors';
import type { SectionRange } from './file-pieces';
import type { RecordingRecord } from './recording-record';

/** The shortest section: the handles stay this far apart, so a section is never empty. */
export const MIN_SECTION_MS = 100;
/** Arrow keys move a handle by a second; with Shift by a tenth, for a precise frame. */
export const STEP_MS = 1000;
export const FINE_STEP_MS = 100;

/**
 * PageUp/PageDown: ten seconds, or a minute on recordings over ten minutes (where ten
 * seconds would take a hundred presses to cross).
 */
export function bigStepMs(durationMs: number): number {
  return durationMs > 10 * 60_000 ? 60_000 : 10_000;
}

export type Handle = 'start' | 'end';

/** Where each handle may go: the whole recording, less the other handle's side. */
export function handleLimits(handle: Handle, section: SectionRange, durationMs: number): { min: number; max: number } {
  return handle === 'start'
    ? { min: 0, max: Math.max(0, section.endMs - MIN_SECTION_MS) }
    : { min: Math.min(durationMs, section.startMs + MIN_SECTION_MS), max: durationMs };
}

/**
 * Where a key press moves `handle`, as the ARIA slider pattern has it (arrows, PageUp/
 * PageDown, Home/End to the handle's own limits), or undefined for a key a slider does
 * not take.
 */
export function sliderKeyValue(
  key: string,
  shiftKey: boolean,
  handle: Handle,
  section: SectionRange,
  durationMs: number,
): number | undefined {
  const { min, max } = handleLimits(handle, section, durationMs);
  const value = handle === 'start' ? section.startMs : section.endMs;
  const step = shiftKey ? FINE_STEP_MS : STEP_MS;
  const moves: Record<string, number> = {
    ArrowRight: value + step,
    ArrowUp: value + step,
    ArrowLeft: value - step,
    ArrowDown: value - step,
    PageUp: value + bigStepMs(durationMs),
    PageDown: value - bigStepMs(durationMs),
    Home: min,
    End: max,
  };
  const moved = moves[key];
  return moved === undefined ? undefined : clamp(moved, min, max);
}

/** Puts `handle` at `valueMs`, kept within its limits. */
export function moveHandle(handle: Handle, valueMs: number, section: SectionRange, durationMs: number): SectionRange {
  const { min, max } = handleLimits(handle, section, durationMs);
  const value = clamp(Math.round(valueMs), min, max);
  return handle === 'start' ? { ...section, startMs: value } : { ...section, endMs: value };
}

/** The handle a press on the timeline at `valueMs` moves: the nearer one (the end on a tie past it). */
export function nearerHandle(valueMs: number, section: SectionRange): Handle {
  return Math.abs(valueMs - section.startMs) < Math.abs(valueMs - section.endMs) ? 'start' : 'end';
}

/** A section both typed times make, or what is wrong with it. */
export function typedSection(
  startMs: number | undefined,
  endMs: number | undefined,
  durationMs: number,
): SectionRange | 'unreadable' | 'out-of-order' {
  if (startMs === undefined || endMs === undefined) return 'unreadable';
  // A time past the end means "to the end", as a player's seek bar takes it.
  const end = Math.min(endMs, durationMs);
  const start = Math.min(startMs, durationMs);
  if (end - start < MIN_SECTION_MS) return 'out-of-order';
  return { startMs: start, endMs: end };
}

/**
 * What to say of where the saved file will start: on the key frame at `actualStartMs`,
 * before the asked start or exactly on it (within a millisecond of rounding).
 */
export function snapNote(askedStartMs: number, actualStartMs: number | undefined): 'unknown' | 'exact' | 'earlier' {
  if (actualStartMs === undefined) return 'unknown';
  return askedStartMs - actualStartMs > 1 ? 'earlier' : 'exact';
}

/**
 * Why a saved recording cannot be cut, or undefined when it can. Cutting changes only the
 * index over the stored slices, so it needs both: a file that was composed from its index
 * (not remuxed: recorded before the index, or in a container it does not cover) and slices
 * still stored.
 */
export function cutRefusal(
  record: Pick<RecordingRecord, 'composed' | 'slicesDeleted' | 'finalized'>,
): ErrorCode | undefined {
  // A remuxed file's slices are freed too: the missing index is the cause to tell.
  if (!record.composed || !record.finalized) return 'cut-no-index';
  if (record.slicesDeleted) return 'cut-data-freed';
  return undefined;
}

/** A 'save-section' request's section, if its numbers make one: finite, 0 ≤ start < end. */
export function parseSectionRequest(payload: unknown): { recordingId: string; section: SectionRange } | undefined {
  const candidate = payload as { recordingId?: unknown; startMs?: unknown; endMs?: unknown } | null;
  if (typeof candidate?.recordingId !== 'string') return undefined;
  const { startMs, endMs } = candidate;
  if (typeof startMs !== 'number' || typeof endMs !== 'number') return undefined;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || startMs < 0 || startMs >= endMs) return undefined;
  return { recordingId: candidate.recordingId, section: { startMs, endMs } };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
