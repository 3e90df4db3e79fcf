/**
 * Parts recorded one after another from the same element (the page switched source), put
 * on one timeline: tracks matched by kind, and each part moved to start where the previous
 * one ends (its own end cut applied first). A part keeps its own offset between sound and
 * picture; between parts there is never an overlap, at most a tick of rounding.
 */

import { Mp4IndexError } from './boxes';
import type { PartTables } from './part-tables';
import { CannotShareError, checkShareable } from './sample-entries';

export interface JoinedTrack {
  /** The track id and kind of part 1's track, which the joined track keeps. */
  id: number;
  handler: string;
  timescale: number;
  /** Per part: the index of its init track that this track takes. */
  members: number[];
}

export interface Placed {
  parts: PartTables[];
  tracks: JoinedTrack[];
  /** Per part, per joined track: ticks added to the part's decode times. */
  shifts: number[][];
  /** Per part: where it starts on the joined timeline (s; part 1's own timeline). */
  partStarts: number[];
  /** The joined timeline's first sample, and where its last one ends uncut (s). */
  start: number;
  end: number;
}

const KINDS: Record<string, string> = { vide: 'video', soun: 'audio' };
const kindOf = (handler: string): string => KINDS[handler] ?? handler;

function handlersOf(part: PartTables): string[] {
  return part.state.init!.tracks.map((track) => track.handler);
}

/** Each part's tracks matched to part 1's by kind; throws when the parts cannot share a file. */
function matchTracks(parts: PartTables[]): JoinedTrack[] {
  const first = parts[0]!.state.init!.tracks;
  const kinds = handlersOf(parts[0]!);
  const describe = (list: string[]) => [...list].sort().reverse().map(kindOf).join(' and ');
  if (parts.length > 1 && new Set(kinds).size !== kinds.length) {
    throw new Mp4IndexError('two tracks of one kind: parts cannot be matched');
  }
  parts.forEach((part, index) => {
    const own = handlersOf(part);
    if (describe(own) !== describe(kinds)) {
      throw new CannotShareError(`part ${index + 1} has ${describe(own)}, part 1 has ${describe(kinds)}`);
    }
  });
  return first.map((track, index) => {
    const members = parts.map((part) => (part === parts[0] ? index : handlersOf(part).indexOf(track.handler)));
    const kind = kindOf(track.handler);
    parts.forEach((part, at) => {
      const timescale = part.state.init!.tracks[members[at]!]!.timescale;
      if (timescale !== track.timescale) {
        throw new Mp4IndexError(`part ${at + 1}'s ${kind} timescale ${timescale} is not part 1's ${track.timescale}`);
      }
    });
    if (parts.length > 1) {
      checkShareable(
        parts.map((part, at) => ({ view: part.view, trak: part.traks[members[at]!]! })),
        track.handler,
        kind,
      );
    }
    return { id: track.id, handler: track.handler, timescale: track.timescale, members };
  });
}

/** The parts on one timeline; throws when none has a sample. */
export function placeParts(parts: PartTables[]): Placed {
  const tracks = matchTracks(parts);
  const trackEnds = tracks.map(() => -Infinity);
  const shifts: number[][] = [];
  const partStarts: number[] = [];
  let end: number | undefined;
  let waiting = 0;
  parts.forEach((part, index) => {
    shifts.push(tracks.map(() => 0));
    if (part.start === undefined) {
      // A part without samples takes no time: it starts where the next one does.
      if (end === undefined) waiting++;
      partStarts.push(end ?? NaN);
      return;
    }
    const shiftSeconds = end === undefined ? 0 : end - part.start;
    partStarts.push(part.start + shiftSeconds);
    for (; waiting > 0; waiting--) partStarts[index - waiting] = part.start;
    tracks.forEach((track, at) => {
      const table = part.tables[track.members[index]!]!;
      if (table.count === 0) return;
      // Rounded up, and never before this track's end in the previous part: no overlap.
      const shift = Math.max(Math.ceil(shiftSeconds * track.timescale), trackEnds[at]! - table.decodeTimes[0]!);
      shifts[index]![at] = shift;
      trackEnds[at] = part.naturalEnds[track.members[index]!]! + shift;
      end = Math.max(end ?? -Infinity, trackEnds[at]! / track.timescale);
    });
  });
  const first = parts.find((part) => part.start !== undefined);
  if (!first) throw new Mp4IndexError('no samples to index');
  return { parts, tracks, shifts, partStarts, start: first.start!, end: end! };
}
