/** How the content script describes a media element to the rest of the extension. */

import type { ErrorCode } from './errors';
import type { MediaKind } from './recording-record';

export interface MediaDescriptor {
  /** Stable for the element's life in its frame. */
  id: string;
  kind: MediaKind;
  /** Size on screen in CSS pixels; 0 when hidden. */
  displayWidth: number;
  displayHeight: number;
  /** Whether any part of it is inside the viewport. */
  visible: boolean;
  /** Intrinsic video size; 0 for audio or before metadata. */
  videoWidth: number;
  videoHeight: number;
  /** Seconds; `null` for live (infinite) or not yet known. */
  duration: number | null;
  live: boolean;
  paused: boolean;
  ended: boolean;
  currentTime: number;
  /** `null` when the browser cannot tell yet. */
  hasAudio: boolean | null;
  hasVideo: boolean | null;
  /** Why recording will not work, when that is known before trying. */
  blocker: ErrorCode | null;
  /** A short human label: the element's title, or its source's file name. */
  label: string;
}

/** A descriptor with the frame it lives in, as the popup lists it. */
export interface LocatedMedia extends MediaDescriptor {
  frameId: number;
}

/** Largest visible first; among equals, playing before paused, then document order. */
export function sortForDisplay<T extends MediaDescriptor>(media: readonly T[]): T[] {
  const area = (item: MediaDescriptor) => (item.visible ? item.displayWidth * item.displayHeight : 0);
  return media
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        Number(b.item.visible) - Number(a.item.visible) ||
        area(b.item) - area(a.item) ||
        Number(a.item.paused) - Number(b.item.paused) ||
        a.index - b.index,
    )
    .map(({ item }) => item);
}

/** The file name part of a URL, for labels; empty for blob:/data: or no path. */
export function sourceLabel(src: string): string {
  if (!src || src.startsWith('blob:') || src.startsWith('data:')) return '';
  try {
    const path = new URL(src).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  } catch {
    return '';
  }
}

/**
 * What the keyboard shortcut records: the largest visible playing element; failing that,
 * the largest visible one; failing that, the first playing one (an <audio> without
 * controls has no size), then the first at all.
 */
export function chooseMainMedia<T extends MediaDescriptor>(media: readonly T[]): T | undefined {
  const ordered = sortForDisplay(media);
  const playing = (item: MediaDescriptor) => !item.paused && !item.ended;
  return (
    ordered.find((item) => item.visible && playing(item)) ??
    ordered.find((item) => item.visible) ??
    ordered.find(playing) ??
    ordered[0]
  );
}
