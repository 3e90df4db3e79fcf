/**
 * The header of one MP4 made of recorded parts (one part: a plain recording), whole or a
 * section of it, and which stored bytes of each part its `mdat` holds. Only the index is
 * written anew: the media stays in the stored slices.
 */

import type { SectionRange } from '../file-pieces';
import { childBoxes, Mp4IndexError } from './boxes';
import { placeParts, type Placed } from './join';
import { joinedTable, type Extent } from './joined-table';
import { trackEndMs, writeMoov, type TrackOut, type WrittenHeader } from './moov-writer';
import { readPart, type PartSource, type PartTables } from './part-tables';
import { joinEntries, trackSize } from './sample-entries';
import { selectAll, selectSection, type Selection } from './section';

/** Bytes [lo, hi) of part `part`'s stored data. */
export interface PayloadRange {
  part: number;
  lo: number;
  hi: number;
}

export interface JoinedHeader extends WrittenHeader {
  /** The `mdat` payload, in order. */
  ranges: PayloadRange[];
  durationMs: number;
  trackEndsMs: Record<number, number>;
  packetCounts: Record<number, number>;
  partStartsMs: number[];
  section?: SectionRange;
  parts: PartTables[];
}

function readParts(sources: readonly PartSource[]): PartTables[] {
  return sources.map((source, index) => {
    try {
      return readPart(source);
    } catch (error) {
      if (sources.length === 1 || !(error instanceof Mp4IndexError)) throw error;
      throw new Mp4IndexError(`part ${index + 1}: ${error.message}`);
    }
  });
}

/** Track `at` as written: the first part keeping samples of it gives the boxes around its tables. */
function trackOut(placed: Placed, selection: Selection, at: number, bases: number[], extents: (Extent | undefined)[]) {
  const track = placed.tracks[at]!;
  const keeping = placed.parts.flatMap((_, index) => {
    const range = selection.ranges[index]![at]!;
    return range.to > range.from ? [index] : [];
  });
  if (keeping.length === 0) return undefined;
  const sources = keeping.map((index) => ({
    view: placed.parts[index]!.view,
    trak: placed.parts[index]!.traks[track.members[index]!]!,
  }));
  const entries = joinEntries(sources);
  const maps: (Uint32Array | undefined)[] = placed.parts.map(() => undefined);
  keeping.forEach((index, order) => (maps[index] = entries.maps[order]));
  const table = joinedTable({ placed, selection, maps, bases, extents }, at)!;
  // The largest part's picture size, so no part is shown scaled down.
  const sizes = sources.map((source) => trackSize(source.view, source.trak));
  const largest = sizes.reduce((best, size) => (size.width * size.height > best.width * best.height ? size : best));
  const out: TrackOut = { table, source: sources[0]!, stsd: entries.stsd, edit: { id: track.id, ...largest } };
  return out;
}

function hasEdits(out: TrackOut): boolean {
  const { view, trak } = out.source;
  return childBoxes(view, trak.body, trak.end).some((child) => child.type === 'edts');
}

export function joinParts(sources: readonly PartSource[], section?: SectionRange): JoinedHeader {
  const parts = readParts(sources);
  const placed = placeParts(parts);
  if (section && !(section.endMs > section.startMs)) throw new Mp4IndexError('the section is empty');
  const selection = section ? selectSection(placed, section) : selectAll(placed);
  const bases: number[] = [];
  parts.reduce((base, part) => (bases.push(base), base + part.state.position), 0);
  const extents: (Extent | undefined)[] = parts.map(() => undefined);
  const tracks = placed.tracks.map((_, at) => trackOut(placed, selection, at, bases, extents));
  const kept = tracks.filter((track): track is TrackOut => track !== undefined);
  if (kept.length === 0) throw new Mp4IndexError(section ? 'the section holds no sample' : 'no samples to index');
  // An init segment's edit list would apply to the whole joined or trimmed track: the remux does that.
  if ((section || parts.length > 1) && kept.some(hasEdits)) throw new Mp4IndexError('an edit list in the init segment');
  const ranges: PayloadRange[] = section
    ? extents.flatMap((extent, part) => (extent ? [{ part, ...extent }] : []))
    : parts.map((part, index) => ({ part: index, lo: 0, hi: part.state.position }));
  const outStarts: number[] = [];
  const payload = ranges.reduce((at, range) => (outStarts.push(at), at + range.hi - range.lo), 0);
  const place = (offset: number): number => {
    let index = ranges.length - 1;
    while (index > 0 && bases[ranges[index]!.part]! > offset) index--;
    const range = ranges[index]!;
    return outStarts[index]! + offset - bases[range.part]! - range.lo;
  };
  const start = Math.min(...kept.map(({ table }) => table.decodeTimes[0]! / table.track.timescale));
  const first = parts[0]!;
  const { header, headerLength, durationMs } = writeMoov({
    ...first,
    movieTimescale: first.state.init!.movieTimescale,
    tracks,
    start,
    payload,
    place,
  });
  const byId = <T>(value: (track: TrackOut) => T) =>
    Object.fromEntries(kept.map((track) => [track.table.track.id, value(track)])) as Record<number, T>;
  const clamp = (ms: number) => Math.min(durationMs, Math.max(0, ms));
  const result: JoinedHeader = {
    header,
    headerLength,
    ranges,
    durationMs,
    trackEndsMs: byId((track) => trackEndMs(track.table, start)),
    packetCounts: byId((track) => track.table.count),
    partStartsMs: placed.partStarts.map((partStart) => clamp((partStart - start) * 1000)),
    parts,
  };
  if (section) {
    const startMs = (start - placed.start) * 1000;
    result.section = { startMs, endMs: startMs + durationMs };
  }
  return result;
}
