/**
 * Measures what a recording really captures, twice a second: the loudest sound of its
 * audio tracks (an AnalyserNode) and the brightest spot of its picture (the captured video
 * drawn small on a canvas). SignalCheck (shared/) judges the measurements; this only takes
 * them. A measurement the browser refuses counts as none, never as silence: an AudioContext
 * that does not run (no audio device; Firefox then never starts one) gives no verdict.
 */

import { SignalCheck, type Signal } from '../shared/signal-check';
import type { MediaElement } from './media-discovery';

const PROBE_INTERVAL_MS = 500;
/** Small enough to cost nothing, big enough that a lit part of the picture shows. */
const PROBE_WIDTH = 16;
const PROBE_HEIGHT = 9;

interface Meter {
  read(): number | undefined;
  close(): void;
}

function soundMeter(tracks: MediaStreamTrack[]): Meter | undefined {
  if (tracks.length === 0) return undefined;
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  context.createMediaStreamSource(new MediaStream(tracks)).connect(analyser);
  // A graph that leads nowhere is reported never to start in Firefox (not checkable on
  // these machines, which have no sound device); this path plays nothing.
  const mute = context.createGain();
  mute.gain.value = 0;
  analyser.connect(mute).connect(context.destination);
  void context.resume().catch(() => undefined);
  const samples = new Float32Array(analyser.fftSize);
  return {
    read() {
      if (context.state !== 'running') return undefined;
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
      return peak;
    },
    close: () => void context.close().catch(() => undefined),
  };
}

function pictureMeter(tracks: MediaStreamTrack[]): Meter | undefined {
  if (tracks.length === 0) return undefined;
  // Never added to the page: the page cannot see it and it changes nothing there.
  const viewer = document.createElement('video');
  viewer.muted = true;
  viewer.srcObject = new MediaStream(tracks);
  void viewer.play().catch(() => undefined);
  const canvas = document.createElement('canvas');
  canvas.width = PROBE_WIDTH;
  canvas.height = PROBE_HEIGHT;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    read() {
      if (!context || viewer.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return undefined;
      try {
        context.drawImage(viewer, 0, 0, PROBE_WIDTH, PROBE_HEIGHT);
        const { data } = context.getImageData(0, 0, PROBE_WIDTH, PROBE_HEIGHT);
        let brightest = 0;
        for (let i = 0; i < data.length; i += 4) {
          brightest = Math.max(brightest, 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
        }
        return brightest;
      } catch {
        return undefined;
      }
    },
    close() {
      viewer.srcObject = null;
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
  const picture = expected.includes('picture')
    ? pictureMeter(tracks.filter((track) => track.kind === 'video'))
    : undefined;
  let reported = '';
  let measuredAt = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const playing = !element.paused && !element.seeking && element.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA;
    const missing = check.add({
      playedMs: playing ? now - measuredAt : 0,
      soundPeak: sound?.read(),
      pictureLuma: picture?.read(),
    });
    measuredAt = now;
    if (missing.join() !== reported) {
      reported = missing.join();
      onChange(missing);
    }
  }, PROBE_INTERVAL_MS);
  signal.addEventListener('abort', () => {
    clearInterval(timer);
    sound?.close();
    picture?.close();
  });
}
