/**
 * Which samples of each part and track the file keeps: all of them, or a section of the
 * joined timeline that starts on the video key frame at or before the asked start (the
 * other tracks from that same moment) and ends exactly where asked (samples starting at
 * or after it dropped). Binary searches over the parts' tables: the work does not grow
 * with the recording's length beyond reading its tables.
 */

import type { SectionRange } from '../file-pieces';
import { Mp4IndexError } from './boxes';
import type { Placed } from './join';
import type { TrackTable } from './track-table';

export interface KeptRange {
  from: number;
  to: number;
}

export interface Selection {
  /** Per part, per joined track: the samples [from, to) of the part's table kept. */
  ranges: KeptRange[][];
  /** Where every track is cut at the end, in seconds of the joined timeline (a section's end). */
  end?: number;
}

/** Half a microsecond of a tick: times computed through seconds compare as the ticks they were. */
const EPSILON = 1e-6;

/** The first sample at or after `ticks` (joined timeline), or `count`. */
function firstFrom(table: TrackTable, shift: number, ticks: number): number {
  let low = 0;
  let high = table.count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (table.decodeTimes[middle]! + shift >= ticks - EPSILON) high = middle;
    else low = middle + 1;
  }
  return low;
}

export function selectAll(placed: Placed): Selection {
  return {
    ranges: placed.parts.map((part, index) =>
      placed.tracks.map((track) => ({ from: 0, to: part.tables[track.members[index]!]!.count })),
    ),
  };
}

/** The key frame at or before `target` (s) in the anchor track, searching back across parts. */
function keyFrameBefore(placed: Placed, anchor: number, target: number): number | undefined {
  const track = placed.tracks[anchor]!;
  for (let part = placed.parts.length - 1; part >= 0; part--) {
    const table = placed.parts[part]!.tables[track.members[part]!]!;
    const shift = placed.shifts[part]![anchor]!;
    // The last sample at or before the target, then back to a key frame.
    let index = firstFrom(table, shift, target * track.timescale + 2 * EPSILON) - 1;
    while (index >= 0 && !table.sync[index]) index--;
    if (index >= 0) return (table.decodeTimes[index]! + shift) / track.timescale;
  }
  return undefined;
}

/** The samples of `section` (ms from the joined file's start). */
export function selectSection(placed: Placed, section: SectionRange): Selection {
  const video = placed.tracks.findIndex((track) => track.handler === 'vide');
  const target = placed.start + Math.max(0, section.startMs) / 1000;
  const end = placed.start + section.endMs / 1000;
  if (target >= placed.end) throw new Mp4IndexError('the section starts after the end');
  // Without a key frame before it (the picture starts later), the section starts where asked.
  const start = keyFrameBefore(placed, video >= 0 ? video : 0, target) ?? target;
  const ranges = placed.parts.map((part, index) =>
    placed.tracks.map((track, at) => {
      const table = part.tables[track.members[index]!]!;
      const shift = placed.shifts[index]![at]!;
      const from = firstFrom(table, shift, start * track.timescale);
      return { from, to: Math.max(from, firstFrom(table, shift, end * track.timescale)) };
    }),
  );
  return { ranges, end };
}
