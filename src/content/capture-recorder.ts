/**
 * The MediaRecorder of one recording, and the pace at which it hands over its slices.
 */

import type { RecordingFormat } from '../shared/recording-format';
import type { Bitrates } from '../shared/settings';

const TIMESLICE_MS = 1000;
/**
 * Chromium's MP4 writer completes a fragment at each key frame (one a second, asked below)
 * but hands it over only at the next timeslice tick, up to a second later. Quick ticks hand
 * each fragment over as soon as it is complete, so a page that closes loses little. Not for
 * sound alone: its fragments come four times a second.
 */
const MP4_TIMESLICE_MS = 200;

/**
 * Firefox's own slice timer (start(timeslice)) races stop(): the slice due at that moment
 * comes empty, after the stop event, or never, losing the last second. Slices asked for
 * with requestData() from this thread are always out before stop. Chromium's MP4 writer
 * gives nothing on requestData() between key frames, so it keeps its own timer.
 */
const slicesAskedByTimer = __BROWSER__ === 'firefox';

/** A recorder of `tracks`, started, that hands over a slice about every second; throws if it cannot. */
export function startRecorder(
  tracks: MediaStreamTrack[],
  format: RecordingFormat,
  hasVideo: boolean,
  bitrates: Bitrates,
  signal: AbortSignal,
): MediaRecorder {
  const recorder = new MediaRecorder(new MediaStream(tracks), {
    mimeType: format.mimeType,
    ...bitrates,
    // Chromium's MP4 writer emits data only at key frames and its encoder makes few of
    // them, so without this the whole recording would stay in the page until Stop.
    // Firefox ignores the option.
    videoKeyFrameIntervalDuration: TIMESLICE_MS,
  } as MediaRecorderOptions);
  const quickTicks = format.container === 'mp4' && hasVideo;
  recorder.start(slicesAskedByTimer ? undefined : quickTicks ? MP4_TIMESLICE_MS : TIMESLICE_MS);
  if (slicesAskedByTimer) {
    const sliceTimer = setInterval(() => recorder.state === 'recording' && recorder.requestData(), TIMESLICE_MS);
    signal.addEventListener('abort', () => clearInterval(sliceTimer));
  }
  return recorder;
}
