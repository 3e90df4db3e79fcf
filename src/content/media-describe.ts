/** Turns a media element into the descriptor the popup lists. */

import type { ErrorCode } from '../shared/errors';
import { sourceLabel, type MediaDescriptor } from '../shared/media';
import { mediaId, type MediaElement } from './media-discovery';

type BrowserSpecificMedia = MediaElement & {
  mozHasAudio?: boolean;
  webkitAudioDecodedByteCount?: number;
  audioTracks?: { length: number };
};

/** Whether the element's media has sound; `null` while the browser cannot tell. */
export function hasAudio(element: BrowserSpecificMedia): boolean | null {
  if (typeof element.mozHasAudio === 'boolean') return element.mozHasAudio;
  if (element.audioTracks) return element.audioTracks.length > 0;
  if (typeof element.webkitAudioDecodedByteCount === 'number') {
    // Chromium only counts decoded audio once some has played; zero before that says nothing.
    return element.webkitAudioDecodedByteCount > 0 ? true : element.currentTime > 0.5 ? false : null;
  }
  return null;
}

function hasVideo(element: MediaElement): boolean | null {
  if (!(element instanceof HTMLVideoElement)) return false;
  if (element.readyState < HTMLMediaElement.HAVE_METADATA) return null;
  return element.videoWidth > 0;
}

function isCrossOriginWithoutCors(element: MediaElement): boolean {
  const src = element.currentSrc;
  if (!src || element.crossOrigin !== null) return false;
  try {
    const url = new URL(src, location.href);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== location.origin;
  } catch {
    return false;
  }
}

/** Why recording will fail, where the element already tells. */
export function knownBlocker(element: MediaElement): ErrorCode | null {
  if (element.mediaKeys) return 'drm';
  if (!element.currentSrc && !element.srcObject) return 'no-source';
  if (isCrossOriginWithoutCors(element)) return 'cross-origin';
  return null;
}

/** The title the page gives the element itself, if any. */
export function ownTitle(element: MediaElement): string {
  return (element.title || element.getAttribute('aria-label') || '').trim().slice(0, 120);
}

export function describeMedia(element: MediaElement): MediaDescriptor {
  const rect = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const shown = rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  const inViewport = rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
  const isVideo = element instanceof HTMLVideoElement;
  const duration = element.duration;
  return {
    id: mediaId(element),
    kind: isVideo ? 'video' : 'audio',
    displayWidth: shown ? Math.round(rect.width) : 0,
    displayHeight: shown ? Math.round(rect.height) : 0,
    visible: shown && inViewport,
    videoWidth: isVideo ? element.videoWidth : 0,
    videoHeight: isVideo ? element.videoHeight : 0,
    duration: Number.isFinite(duration) ? duration : null,
    live: duration === Infinity,
    paused: element.paused,
    ended: element.ended,
    currentTime: element.currentTime,
    hasAudio: hasAudio(element),
    hasVideo: hasVideo(element),
    blocker: knownBlocker(element),
    label: ownTitle(element) || sourceLabel(element.currentSrc).slice(0, 120),
  };
}
