/**
 * Measures what a recording really captures, twice a second: the loudest sound of its
 * audio tracks (an AnalyserNode) and the brightest spot of its picture (the element's
 * current frame drawn small on a canvas). SignalCheck (shared/) judges the measurements;
 * this only takes them. A measurement the browser refuses counts as none, never as
 * silence: an AudioContext that does not run (no audio device, or the page's autoplay
 * policy) gives no verdict, and is closed.
 */

import { SignalCheck, type Signal } from '../shared/signal-check';
import type { MediaElement } from './media-discovery';

const PROBE_INTERVAL_MS = 500;
/** The picture is looked at every fourth measurement, every 2 s (see pictureMeter). */
const PICTURE_EVERY_TICKS = 4;
/** Small enough to cost nothing, big enough that a lit part of the picture shows. */
const PROBE_WIDTH = 16;
const PROBE_HEIGHT = 9;
/**
 * An AudioContext not running by then is not going to (no sound device, or the autoplay
 * policy): it measures nothing, so it is closed rather than fed the captured sound for as
 * long as the recording lasts.
 */
const SOUND_START_WAIT_MS = 2_000;

interface Meter {
  read(): number | undefined;
  /** False once it can measure nothing more (and has let go of what it held). */
  readonly working: boolean;
  close(): void;
}

function soundMeter(tracks: MediaStreamTrack[]): Meter | undefined {
  if (tracks.length === 0) return undefined;
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  context.createMediaStreamSource(new MediaStream(tracks)).connect(analyser);
  // Firefox is reported not to start a graph that leads nowhere: this one reaches the
  // output, muted.
  const mute = context.createGain();
  mute.gain.value = 0;
  analyser.connect(mute).connect(context.destination);
  void context.resume().catch(() => undefined);
  const samples = new Float32Array(analyser.fftSize);
  const giveUpAt = performance.now() + SOUND_START_WAIT_MS;
  let working = true;
  const close = () => {
    if (!working) return;
    working = false;
    void context.close().catch(() => undefined);
  };
  return {
    read() {
      if (!working) return undefined;
      if (context.state !== 'running') {
        if (performance.now() >= giveUpAt) close();
        return undefined;
      }
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
      return peak;
    },
    get working() {
      return working;
    },
    close,
  };
}

/**
 * The picture is read from the element itself, which is what its captured video track
 * carries. Each look copies a whole frame that stays until the garbage collector runs, so
 * it looks only every 2 s, and never again once a picture was seen.
 */
function pictureMeter(element: MediaElement): Meter | undefined {
  if (!(element instanceof HTMLVideoElement)) return undefined;
  const canvas = document.createElement('canvas');
  canvas.width = PROBE_WIDTH;
  canvas.height = PROBE_HEIGHT;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let last: number | undefined;
  const measure = async () => {
    if (!context || element.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return undefined;
    // Scaled down by the browser before it reaches the canvas: only 16×9 pixels are read.
    const frame = await createImageBitmap(element, { resizeWidth: PROBE_WIDTH, resizeHeight: PROBE_HEIGHT });
    context.drawImage(frame, 0, 0);
    frame.close();
    const { data } = context.getImageData(0, 0, PROBE_WIDTH, PROBE_HEIGHT);
    let brightest = 0;
    for (let i = 0; i < data.length; i += 4) {
      brightest = Math.max(brightest, 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
    }
    return brightest;
  };
  let reads = 0;
  let working = true;
  return {
    /** The last measurement; every few reads, a new one for the next. */
    read() {
      if (reads++ % PICTURE_EVERY_TICKS === 0) {
        measure().then(
          (value) => (last = value),
          () => (last = undefined),
        );
      }
      return last;
    },
    get working() {
      return working;
    },
    close() {
      working = false;
      canvas.width = 0;
    },
  };
}

/**
 * Watches the captured `tracks` of `element` for the `expected` signals, and calls
 * `onChange` with the ones missing whenever that list changes. Stops with `signal`.
 */
export function probeSignals(
  element: MediaElement,
  tracks: MediaStreamTrack[],
  expected: Signal[],
  onChange: (missing: Signal[]) => void,
  signal: AbortSignal,
): void {
  if (expected.length === 0) return;
  const check = new SignalCheck(expected);
  const sound = expected.includes('sound') ? soundMeter(tracks.filter((track) => track.kind === 'audio')) : undefined;
  const picture = expected.includes('picture') ? pictureMeter(element) : undefined;
  const meters: Record<Signal, Meter | undefined> = { sound, picture };
  // Done when each signal was seen, or can no longer be measured.
  const done = () => expected.every((signal) => check.hasSeen(signal) || !meters[signal]?.working);
  let reported = '';
  let measuredAt = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const playing = !element.paused && !element.seeking && element.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA;
    // What was seen once needs no more looking at (see pictureMeter for what a look costs).
    const missing = check.add({
      playedMs: playing ? now - measuredAt : 0,
      soundPeak: check.hasSeen('sound') ? undefined : sound?.read(),
      pictureLuma: check.hasSeen('picture') ? undefined : picture?.read(),
    });
    measuredAt = now;
    if (missing.join() !== reported) {
      reported = missing.join();
      onChange(missing);
    }
    if (done()) stop();
  }, PROBE_INTERVAL_MS);
  const stop = () => {
    clearInterval(timer);
    sound?.close();
    picture?.close();
  };
  signal.addEventListener('abort', stop);
}
