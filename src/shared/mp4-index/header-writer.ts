/**
 * The header of a finished MP4 composed without copying media: `ftyp`, a `moov` with
 * complete sample tables, and the header of one `mdat` whose payload is the recording's
 * stored slices as they are (`new Blob([header, ...slices])`). The fragments' own init
 * segment and `moof` boxes stay inside that `mdat` as bytes nothing points to.
 */

import { childBoxes, Mp4IndexError, requireChild, type Box } from './boxes';
import { box, boxSize, fields, serialize, setUint64, type BoxNode, type BoxPart } from './box-tree';
import { moovOf } from './init-segment';
import { runEnds, type SampleRuns } from './sample-runs';
import { sampleTables } from './sample-tables';
import type { Mp4IndexState } from './slice-index';
import { delayEdit, withDuration } from './timed-boxes';
import { cutTrack, gatherTrack, mediaDuration, settleTiming, type TrackTable } from './track-table';

export interface Mp4HeaderOptions {
  /**
   * Cut every track here, in ms from the file's start (the earliest sample of any track):
   * samples starting at or after it are dropped, so sound and picture end together.
   */
  endAtMs?: number;
  /**
   * Also cut every track where the first one ends, for ends without a press to cut at
   * (media ended, a crash): Chromium's sound ends about 100 ms before its picture.
   */
  endTogether?: boolean;
}

export interface Mp4Header {
  header: Uint8Array;
  durationMs: number;
  /** Where each track ends (ms from the file's start), for the log's A/V end offset. */
  trackEndsMs: Record<number, number>;
  /** The stored bytes the `mdat` declares: the slices composed after the header must add up to this. */
  dataBytes: number;
  /** Samples kept per track id. */
  packetCounts: Record<number, number>;
  /** The stored bytes end inside a box (a crash): the last fragment was left out. */
  cutShort: boolean;
  /** Samples of that fragment, when its moof had been read (else they were never known). */
  unfinishedSamples: number;
}

export type Mp4HeaderResult = Mp4Header | { refusal: string };

/** `mdat` with a 64-bit size: size 1, the type, then the real size. */
const MDAT_HEADER = 16;

function bytesOf(view: DataView, from: Box): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + from.start, from.end - from.start);
}

interface Layout {
  view: DataView;
  movieTimescale: number;
  /** The file's start, in seconds of the recording's timeline. */
  start: number;
}

/** `trak` with new timing and tables; every box the tables do not replace is copied. */
function trak(layout: Layout, source: Box, table: TrackTable, fills: ((base: number) => void)[]): BoxNode {
  const { view, movieTimescale } = layout;
  const { timescale } = table.track;
  const media = mediaDuration(table);
  const delay = Math.round((table.decodeTimes[0]! / timescale - layout.start) * movieTimescale);
  const movieMedia = Math.round((media / timescale) * movieTimescale);
  const hasEdits = childBoxes(view, source.body, source.end).some((child) => child.type === 'edts');
  if (hasEdits && delay > 0) throw new Mp4IndexError('an edit list in the init segment and a start to shift');
  const mdia = requireChild(view, source, 'mdia');
  const minf = requireChild(view, mdia, 'minf');
  const stbl = requireChild(view, minf, 'stbl');
  const tables = sampleTables(table);
  fills.push(tables.fillOffsets);
  const newStbl = box('stbl', bytesOf(view, requireChild(view, stbl, 'stsd')), ...tables.boxes);
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
    tkhd: () => withDuration(view, requireChild(view, source, 'tkhd'), delay + movieMedia),
    mdia: () => newMdia,
  });
  if (delay > 0) parts.splice(1, 0, delayEdit(delay, movieMedia));
  return box('trak', ...parts);
}

function trackDurationMs(table: TrackTable, start: number): number {
  return (table.decodeTimes[0]! / table.track.timescale - start + mediaDuration(table) / table.track.timescale) * 1000;
}

/**
 * The records must be every slice's, in order: their runs follow one another through the
 * stored bytes, add up to what the index counted, and never point past the end of the data.
 */
function checkRecords(
  records: readonly (SampleRuns | undefined)[],
  state: Mp4IndexState,
): asserts records is readonly SampleRuns[] {
  const counts: Record<number, number> = {};
  let previousEnd = 0;
  for (const slice of records) {
    if (!slice) throw new Mp4IndexError("a slice's record is missing");
    const ends = runEnds(slice);
    slice.offsets.forEach((offset, run) => {
      if (offset < previousEnd) throw new Mp4IndexError("the slices' records are out of order");
      previousEnd = ends[run]!;
      counts[slice.trackIds[run]!] = (counts[slice.trackIds[run]!] ?? 0) + slice.counts[run]!;
    });
  }
  if (previousEnd > state.position) throw new Mp4IndexError('an index pointing past the stored data');
  const ids = new Set([...Object.keys(counts), ...Object.keys(state.counts)]);
  for (const id of ids) {
    if (counts[Number(id)] !== state.counts[Number(id)]) throw new Mp4IndexError("a slice's record is missing");
  }
}

/** Where a track's last sample ends, in seconds of the recording's timeline. */
function trackEnd(table: TrackTable): number {
  const last = table.count - 1;
  return (table.decodeTimes[last]! + table.durations[last]!) / table.track.timescale;
}

/** The tracks with samples, cut where asked, and the file's start (s) on the recording's timeline. */
function tablesOf(
  state: Mp4IndexState,
  slices: readonly SampleRuns[],
  options: Mp4HeaderOptions,
): { tables: TrackTable[]; start: number } {
  const tables = state.init!.tracks.map((track) => gatherTrack(track, slices)).filter((table) => table.count > 0);
  tables.forEach(settleTiming);
  const start = Math.min(...tables.map((table) => table.decodeTimes[0]! / table.track.timescale));
  let end = options.endAtMs === undefined ? Infinity : start + options.endAtMs / 1000;
  if (options.endTogether) end = Math.min(end, ...tables.map(trackEnd));
  if (end !== Infinity) tables.forEach((table) => cutTrack(table, end * table.track.timescale));
  const kept = tables.filter((table) => table.count > 0);
  if (kept.length === 0) throw new Mp4IndexError('no samples to index');
  return { tables: kept, start };
}

function compose(
  init: Uint8Array,
  state: Mp4IndexState,
  slices: readonly (SampleRuns | undefined)[],
  options: Mp4HeaderOptions,
): Mp4Header {
  checkRecords(slices, state);
  const { tables, start } = tablesOf(state, slices, options);
  const { view, ftyp, moov } = moovOf(init);
  const layout: Layout = { view, movieTimescale: state.init!.movieTimescale, start };
  const trackEndsMs = Object.fromEntries(tables.map((table) => [table.track.id, trackDurationMs(table, start)]));
  const durationMs = Math.max(...Object.values(trackEndsMs));
  const movieDuration = Math.round((durationMs / 1000) * layout.movieTimescale);
  const fills: ((base: number) => void)[] = [];
  // The init's tracks are its trak boxes in order.
  let trakIndex = 0;
  const children = childBoxes(view, moov.body, moov.end).flatMap((child): BoxPart[] => {
    if (child.type === 'mvhd') return [withDuration(view, child, movieDuration)];
    // Without mvex the file is a plain MP4: readers take the tables and look for no fragment.
    if (child.type === 'mvex') return [];
    if (child.type !== 'trak') return [bytesOf(view, child)];
    const track = state.init!.tracks[trakIndex++];
    const table = tables.find((candidate) => candidate.track === track);
    return table ? [trak(layout, child, table, fills)] : [];
  });
  const newMoov = box('moov', ...children);
  const headerBytes = ftyp.end - ftyp.start + boxSize(newMoov) + MDAT_HEADER;
  fills.forEach((fill) => fill(headerBytes));
  const mdat = fields(MDAT_HEADER, (out) => {
    out.setUint32(0, 1);
    out.setUint32(4, 0x6d646174); // 'mdat'
    setUint64(out, 8, MDAT_HEADER + state.position);
  });
  const header = serialize([bytesOf(view, ftyp), newMoov, mdat]);
  const packetCounts = Object.fromEntries(tables.map((table) => [table.track.id, table.count]));
  const unfinishedSamples = state.fragment ? state.fragment.runs.sizes.length : 0;
  const cutShort = state.fragment !== undefined || state.skip > 0 || state.pending.length > 0;
  return { header, durationMs, trackEndsMs, dataBytes: state.position, packetCounts, cutShort, unfinishedSamples };
}

/**
 * The header for `new Blob([header, ...slices])`, from the init segment and every slice's
 * record in order (`slices[i]` from the i-th stored slice; undefined where a slice has none,
 * which refuses), or why it cannot be written.
 */
export function writeMp4Header(
  init: Uint8Array | undefined,
  slices: readonly (SampleRuns | undefined)[],
  state: Mp4IndexState | undefined,
  options: Mp4HeaderOptions = {},
): Mp4HeaderResult {
  if (!state) return { refusal: 'no index was kept while recording' };
  if (state.refusal !== undefined) return { refusal: state.refusal };
  if (!init || !state.init) return { refusal: 'no init segment was recorded' };
  try {
    return compose(init, state, slices, options);
  } catch (error) {
    return { refusal: error instanceof Mp4IndexError ? error.message : `cannot write the index: ${String(error)}` };
  }
}
