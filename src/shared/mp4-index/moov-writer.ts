/**
 * Writes the header of a finished MP4 composed without copying media: `ftyp`, a `moov`
 * with complete sample tables, and the header of one `mdat` whose payload is stored slices
 * as they are. The fragments' own init segments and `moof` boxes, where they are part of
 * that payload, stay as bytes nothing points to.
 */

import { childBoxes, Mp4IndexError, requireChild, type Box } from './boxes';
import { box, boxSize, fields, serialize, setUint64, type BoxNode, type BoxPart } from './box-tree';
import { sampleTables, type Place } from './sample-tables';
import type { TrakSource } from './sample-entries';
import { delayEdit, withDuration, type TrackHeaderEdit } from './timed-boxes';
import { mediaDuration, type TrackTable } from './track-table';

/** `mdat` with a 64-bit size: size 1, the type, then the real size. */
export const MDAT_HEADER = 16;

/** A joined track to write: its table, the `trak` copied around it, its sample entries. */
export interface TrackOut {
  table: TrackTable;
  source: TrakSource;
  stsd: BoxPart;
  edit: TrackHeaderEdit;
}

export interface MoovInputs {
  /** Part 1's init segment: `ftyp`, `mvhd` and the `moov`'s other boxes come from it. */
  view: DataView;
  ftyp: Box;
  moov: Box;
  movieTimescale: number;
  /** One per `trak` of that `moov`, in order; undefined drops the track (no sample kept). */
  tracks: (TrackOut | undefined)[];
  /** The file's start, in seconds of the tables' timeline. */
  start: number;
  /** The `mdat` payload's length. */
  payload: number;
  /** Where a chunk offset of the tables lies in the payload. */
  place: Place;
}

function bytesOf(view: DataView, from: Box): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + from.start, from.end - from.start);
}

/** `trak` with new timing and tables; every box the tables do not replace is copied. */
function trak(inputs: MoovInputs, out: TrackOut, fills: ((place: Place) => void)[]): BoxNode {
  const { movieTimescale } = inputs;
  const { view, trak: source } = out.source;
  const { table } = out;
  const { timescale } = table.track;
  const media = mediaDuration(table);
  const delay = Math.round((table.decodeTimes[0]! / timescale - inputs.start) * movieTimescale);
  const movieMedia = Math.round((media / timescale) * movieTimescale);
  const hasEdits = childBoxes(view, source.body, source.end).some((child) => child.type === 'edts');
  if (hasEdits && delay > 0) throw new Mp4IndexError('an edit list in the init segment and a start to shift');
  const mdia = requireChild(view, source, 'mdia');
  const minf = requireChild(view, mdia, 'minf');
  const tables = sampleTables(table);
  fills.push(tables.fillOffsets);
  const newStbl = box('stbl', out.stsd, ...tables.boxes);
  const copy = (parent: Box, replace: Record<string, () => BoxPart | undefined>): BoxPart[] =>
    childBoxes(view, parent.body, parent.end).flatMap((child) => {
      const made = replace[child.type] ? replace[child.type]!() : bytesOf(view, child);
      return made ? [made] : [];
    });
  const newMinf = box('minf', ...copy(minf, { stbl: () => newStbl }));
  const newMdia = box(
    'mdia',
    ...copy(mdia, { mdhd: () => withDuration(view, requireChild(view, mdia, 'mdhd'), media), minf: () => newMinf }),
  );
  const parts = copy(source, {
    tkhd: () => withDuration(view, requireChild(view, source, 'tkhd'), delay + movieMedia, out.edit),
    mdia: () => newMdia,
  });
  if (delay > 0) parts.splice(1, 0, delayEdit(delay, movieMedia));
  return box('trak', ...parts);
}

/** Where a track ends, in ms from the file's start. */
export function trackEndMs(table: TrackTable, start: number): number {
  return (table.decodeTimes[0]! / table.track.timescale - start + mediaDuration(table) / table.track.timescale) * 1000;
}

/** The header as pieces (see box-tree.ts `serialize`), and its length. */
export interface WrittenHeader {
  header: Uint8Array<ArrayBuffer>[];
  headerLength: number;
}

/** The header: `ftyp`, the new `moov`, and the `mdat` header of `payload` bytes. */
export function writeMoov(inputs: MoovInputs): WrittenHeader & { durationMs: number } {
  const { view, ftyp, moov } = inputs;
  const kept = inputs.tracks.filter((track): track is TrackOut => track !== undefined);
  if (kept.length === 0) throw new Mp4IndexError('no samples to index');
  const durationMs = Math.max(...kept.map((track) => trackEndMs(track.table, inputs.start)));
  const movieDuration = Math.round((durationMs / 1000) * inputs.movieTimescale);
  const fills: ((place: Place) => void)[] = [];
  let trakIndex = 0;
  const children = childBoxes(view, moov.body, moov.end).flatMap((child): BoxPart[] => {
    if (child.type === 'mvhd') return [withDuration(view, child, movieDuration)];
    // Without mvex the file is a plain MP4: readers take the tables and look for no fragment.
    if (child.type === 'mvex') return [];
    if (child.type !== 'trak') return [bytesOf(view, child)];
    const out = inputs.tracks[trakIndex++];
    return out ? [trak(inputs, out, fills)] : [];
  });
  const newMoov = box('moov', ...children);
  const headerBytes = ftyp.end - ftyp.start + boxSize(newMoov) + MDAT_HEADER;
  fills.forEach((fill) => fill((offset) => headerBytes + inputs.place(offset)));
  const mdat = fields(MDAT_HEADER, (out) => {
    out.setUint32(0, 1);
    out.setUint32(4, 0x6d646174); // 'mdat'
    setUint64(out, 8, MDAT_HEADER + inputs.payload);
  });
  return { header: serialize([bytesOf(view, ftyp), newMoov, mdat]), headerLength: headerBytes, durationMs };
}
