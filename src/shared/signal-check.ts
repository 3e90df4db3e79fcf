/**
 * Tells when a recording gets no sound or no picture although its media has them: a file
 * of silence or black frames must never pass for a good recording. Fed with measurements
 * of what is captured (not of the element, which may show what capture cannot get), taken
 * only while the media plays: a paused source is rightly silent and still.
 */

export type Signal = 'sound' | 'picture';

const SIGNALS: readonly Signal[] = ['sound', 'picture'];

export const isSignal = (value: unknown): value is Signal => SIGNALS.includes(value as Signal);

/** The message saying a signal is missing: "so far" while recording, about the file once it is done. */
export function missingSignalMessageKey(signal: Signal, finished: boolean): string {
  return `${finished ? 'missingInFile' : 'missingSoFar'}_${signal}`;
}

export interface SignalSample {
  /** Loudest sample of the captured sound since the last measurement, 0–1; undefined if not measured. */
  soundPeak?: number;
  /** Brightest spot of the captured picture, 0–255 luma; undefined if not measured. */
  pictureLuma?: number;
  /** How long the media played since the last measurement. */
  playedMs: number;
}

/** About −80 dBFS: dither and the quietest real sound are above it; digital silence is 0. */
const SOUND_PEAK = 1e-4;
/** Black is 0 once drawn on a canvas; a dark but real scene has some spot above this. */
const PICTURE_LUMA = 28;
/** Played time without a signal before saying it is missing: players start with a blank frame or a short silence. */
export const SIGNAL_GRACE_MS = 3000;

export class SignalCheck {
  private readonly seen = new Set<Signal>();
  private readonly unseenForMs = new Map<Signal, number>();

  /** `expected`: what the media has and the recording should therefore hold. */
  constructor(private readonly expected: readonly Signal[]) {
    for (const signal of expected) this.unseenForMs.set(signal, 0);
  }

  /** Adds one measurement; returns the signals missing so far. */
  add(sample: SignalSample): Signal[] {
    const present: Partial<Record<Signal, boolean | undefined>> = {
      sound: sample.soundPeak === undefined ? undefined : sample.soundPeak > SOUND_PEAK,
      picture: sample.pictureLuma === undefined ? undefined : sample.pictureLuma > PICTURE_LUMA,
    };
    for (const signal of this.expected) {
      if (present[signal]) this.seen.add(signal);
      else if (present[signal] === false) this.unseenForMs.set(signal, this.unseenForMs.get(signal)! + sample.playedMs);
    }
    return this.missing();
  }

  /** Measured present at least once: nothing more to watch for it. */
  hasSeen(signal: Signal): boolean {
    return this.seen.has(signal);
  }

  /** Expected, never measured present, and measured absent for longer than the grace time. */
  missing(): Signal[] {
    return this.expected.filter((signal) => !this.seen.has(signal) && this.unseenForMs.get(signal)! >= SIGNAL_GRACE_MS);
  }
}
