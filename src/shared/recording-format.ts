/**
 * Which container and codecs to ask MediaRecorder for, given what the browser says it can
 * record. Pure: the caller passes `MediaRecorder.isTypeSupported`.
 */

export type Container = 'mp4' | 'webm' | 'ogg';

/** How containers are named to people. */
export const CONTAINER_NAMES: Record<Container, string> = { mp4: 'MP4', webm: 'WebM', ogg: 'Ogg' };

export interface RecordingFormat {
  /** The exact type passed to `new MediaRecorder(stream, { mimeType })`. */
  mimeType: string;
  container: Container;
  /** File extension without the dot; never claims one container for another. */
  extension: 'mp4' | 'm4a' | 'webm' | 'ogg';
  hasVideo: boolean;
  hasAudio: boolean;
}

export interface TrackPresence {
  hasVideo: boolean;
  hasAudio: boolean;
}

interface Candidate {
  mimeType: string;
  container: Container;
}

// Order is preference: MP4 with H.264 where the browser records it (plays everywhere),
// then WebM with VP9, then VP8. Audio prefers AAC, then Opus. H.264 as 'avc3' (parameter
// sets in the stream) before 'avc1': when the picture's size changes mid-recording (a
// player switching quality), Chromium's avc1 output keeps the first size's description
// and every frame after the switch decodes as garbage.
const AUDIO_VIDEO: Candidate[] = [
  { mimeType: 'video/mp4;codecs=avc3.42E01E,mp4a.40.2', container: 'mp4' },
  { mimeType: 'video/mp4;codecs=avc3,opus', container: 'mp4' },
  { mimeType: 'video/mp4;codecs=avc1.42E01E,mp4a.40.2', container: 'mp4' },
  { mimeType: 'video/mp4;codecs=avc1,opus', container: 'mp4' },
  { mimeType: 'video/webm;codecs=vp9,opus', container: 'webm' },
  { mimeType: 'video/webm;codecs=vp8,opus', container: 'webm' },
];

const VIDEO_ONLY: Candidate[] = [
  { mimeType: 'video/mp4;codecs=avc3', container: 'mp4' },
  { mimeType: 'video/mp4;codecs=avc1', container: 'mp4' },
  { mimeType: 'video/webm;codecs=vp9', container: 'webm' },
  { mimeType: 'video/webm;codecs=vp8', container: 'webm' },
];

const AUDIO_ONLY: Candidate[] = [
  { mimeType: 'audio/mp4;codecs=mp4a.40.2', container: 'mp4' },
  { mimeType: 'audio/mp4;codecs=opus', container: 'mp4' },
  { mimeType: 'audio/webm;codecs=opus', container: 'webm' },
  { mimeType: 'audio/ogg;codecs=opus', container: 'ogg' },
];

function extensionFor(container: Container, hasVideo: boolean): RecordingFormat['extension'] {
  if (container === 'mp4') return hasVideo ? 'mp4' : 'm4a';
  return container;
}

/**
 * Picks the best format for the tracks present, in the user's preferred container when the
 * browser records it. Returns `undefined` when the browser can record none of them (or
 * there is nothing to record).
 */
export function chooseRecordingFormat(
  tracks: TrackPresence,
  isTypeSupported: (mimeType: string) => boolean,
  preference: 'auto' | 'mp4' | 'webm' = 'auto',
): RecordingFormat | undefined {
  const candidates = tracks.hasVideo ? (tracks.hasAudio ? AUDIO_VIDEO : VIDEO_ONLY) : tracks.hasAudio ? AUDIO_ONLY : [];
  const supported = candidates.filter((candidate) => isTypeSupported(candidate.mimeType));
  // A preferred container this browser cannot record falls back to the best it can.
  const preferred = (container: Container) =>
    preference === 'auto' || container === preference || (preference === 'webm' && container === 'ogg');
  const found = supported.find((candidate) => preferred(candidate.container)) ?? supported[0];
  if (!found) return undefined;
  return {
    mimeType: found.mimeType,
    container: found.container,
    extension: extensionFor(found.container, tracks.hasVideo),
    hasVideo: tracks.hasVideo,
    hasAudio: tracks.hasAudio,
  };
}

/** The containers this browser can record video into, for the settings page. */
export function recordableContainers(isTypeSupported: (mimeType: string) => boolean): Container[] {
  const containers = AUDIO_VIDEO.filter((candidate) => isTypeSupported(candidate.mimeType)).map(
    (candidate) => candidate.container,
  );
  return [...new Set(containers)];
}
