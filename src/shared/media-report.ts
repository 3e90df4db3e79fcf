/**
 * What one frame's content script tells the background of its media, whether a new report
 * says anything new, and the check each report passes: the content script runs inside a
 * web page, so nothing it sends is taken on trust.
 */

import { isErrorCode } from './errors';
import { originsToAsk } from './frame-access';
import type { LocatedMedia, MediaDescriptor } from './media';

export interface FrameMedia {
  media: MediaDescriptor[];
  /** The frame's own origin, and the origins of the frames it holds. */
  origin: string;
  frameOrigins: string[];
  /**
   * Counts changes to the frame's child frames (added, removed, navigated, loaded): each may
   * be a document the content script is not in yet.
   */
  frameChanges: number;
}

/** More than any real page holds; a report beyond these is not taken. */
const MAX_MEDIA = 500;
const MAX_FRAME_ORIGINS = 200;
const MAX_TEXT = 2048;

/** The report as the popup would show it: the playing position moves on and is not shown. */
function shownPart(report: FrameMedia): unknown {
  return { ...report, media: report.media.map(({ currentTime: _, ...shown }) => shown) };
}

/** Whether `next` would show anything `previous` does not. */
export function changedForDisplay(previous: FrameMedia | undefined, next: FrameMedia): boolean {
  return !previous || JSON.stringify(shownPart(previous)) !== JSON.stringify(shownPart(next));
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT;
const isSize = (value: unknown): value is number => Number.isFinite(value) && (value as number) >= 0;
const isMaybe = (value: unknown) => value === null || typeof value === 'boolean';

function parseDescriptor(value: unknown): MediaDescriptor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const item = value as Record<string, unknown>;
  const valid =
    isText(item.id) &&
    item.id.length > 0 &&
    (item.kind === 'video' || item.kind === 'audio') &&
    isSize(item.displayWidth) &&
    isSize(item.displayHeight) &&
    typeof item.visible === 'boolean' &&
    isSize(item.videoWidth) &&
    isSize(item.videoHeight) &&
    (item.duration === null || isSize(item.duration)) &&
    typeof item.live === 'boolean' &&
    typeof item.paused === 'boolean' &&
    typeof item.ended === 'boolean' &&
    isSize(item.currentTime) &&
    isMaybe(item.hasAudio) &&
    isMaybe(item.hasVideo) &&
    (item.blocker === null || isErrorCode(item.blocker)) &&
    isText(item.label);
  if (!valid) return undefined;
  // Exactly the descriptor's fields: nothing else a page slipped in travels further.
  return {
    id: item.id as string,
    kind: item.kind as MediaDescriptor['kind'],
    displayWidth: item.displayWidth as number,
    displayHeight: item.displayHeight as number,
    visible: item.visible as boolean,
    videoWidth: item.videoWidth as number,
    videoHeight: item.videoHeight as number,
    duration: item.duration as number | null,
    live: item.live as boolean,
    paused: item.paused as boolean,
    ended: item.ended as boolean,
    currentTime: item.currentTime as number,
    hasAudio: item.hasAudio as boolean | null,
    hasVideo: item.hasVideo as boolean | null,
    blocker: item.blocker as MediaDescriptor['blocker'],
    label: item.label as string,
  };
}

/** The report, with exactly its fields, or undefined when any is wrong. */
export function parseFrameMedia(value: unknown): FrameMedia | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const report = value as Record<string, unknown>;
  if (!Array.isArray(report.media) || report.media.length > MAX_MEDIA) return undefined;
  if (!Array.isArray(report.frameOrigins) || report.frameOrigins.length > MAX_FRAME_ORIGINS) return undefined;
  if (!isText(report.origin) || !report.frameOrigins.every(isText)) return undefined;
  if (!Number.isSafeInteger(report.frameChanges) || (report.frameChanges as number) < 0) return undefined;
  const media = report.media.map(parseDescriptor);
  if (!media.every((item) => item !== undefined)) return undefined;
  return {
    media,
    origin: report.origin,
    frameOrigins: [...report.frameOrigins],
    frameChanges: report.frameChanges as number,
  };
}

/** A tab's media from its frames' reports (by frame id), and the sites whose frames none reached. */
export function tabMediaOf(frames: ReadonlyMap<number, FrameMedia>): { media: LocatedMedia[]; originsToAsk: string[] } {
  const reports = [...frames.entries()].sort(([a], [b]) => a - b);
  return {
    media: reports.flatMap(([frameId, report]) => report.media.map((item) => ({ ...item, frameId }))),
    originsToAsk: originsToAsk(
      reports.flatMap(([, report]) => report.frameOrigins),
      reports.map(([, report]) => report.origin),
    ),
  };
}
