/**
 * One recorded part read for writing: its init segment's boxes, and each track's samples
 * gathered from the slices' records, settled, and cut where the part ends (a press, or
 * where the first track ends). Times stay on the part's own timeline; joining moves them.
 */

import { childBoxes, Mp4IndexError, requireChild, type Box } from './boxes';
import { moovOf } from './init-segment';
import { checkAgainstIndex, checkRecords } from './records-check';
import type { SampleRuns } from './sample-runs';
import type { Mp4IndexState } from './slice-index';
import { prefixOf, type TablePrefix } from './table-prefix';
import { cutTrack, gatherTrack, settleTiming, type TrackTable } from './track-table';

export interface PartSource {
  init: Uint8Array | undefined;
  sliceSamples: readonly (SampleRuns | undefined)[];
  state: Mp4IndexState | undefined;
  /** Cut every track here, in ms from the part's start: samples starting at or after it are dropped. */
  endAtMs?: number;
  /** Also cut every track where the first one ends (Chromium's sound ends ~100 ms early). */
  endTogether?: boolean;
  /** The first slices' tables, gathered ahead; used only where they are of these very records. */
  prefix?: TablePrefix;
}

export interface PartTables {
  state: Mp4IndexState;
  view: DataView;
  ftyp: Box;
  moov: Box;
  /** The `trak` boxes, one per init track, in order. */
  traks: Box[];
  /** One per init track, in order; a track without samples has count 0. */
  tables: TrackTable[];
  /** The part's first sample, in seconds of its own timeline (undefined: no sample at all). */
  start?: number;
  /**
   * Per track: where its last kept sample would end uncut (ticks). The next part starts
   * after it: a cut sample still decodes whole (an Opus frame is 60 ms), so the next part
   * starting at the cut would overlap its sound.
   */
  naturalEnds: number[];
}

/** Where a track's last sample ends, in its timescale. */
export function trackEndTicks(table: TrackTable): number {
  const last = table.count - 1;
  return table.decodeTimes[last]! + table.durations[last]!;
}

/** The part's tables, cut as asked; throws Mp4IndexError for what cannot be indexed. */
export function readPart(part: PartSource): PartTables {
  const { state, init } = part;
  if (!state) throw new Mp4IndexError('no index was kept while recording');
  if (state.refusal !== undefined) throw new Mp4IndexError(state.refusal);
  if (!init || !state.init) throw new Mp4IndexError('no init segment was recorded');
  const records = part.sliceSamples;
  const prefix = prefixOf(part.prefix, records) ? part.prefix : undefined;
  const from = prefix?.records.length ?? 0;
  checkAgainstIndex(checkRecords(records, from, prefix?.checked), state);
  const complete = records as readonly SampleRuns[];
  const { view, ftyp, moov } = moovOf(init);
  const traks = childBoxes(view, moov.body, moov.end).filter((child) => child.type === 'trak');
  if (traks.length !== state.init.tracks.length) throw new Mp4IndexError('the init segment changed');
  traks.forEach((trak) => requireChild(view, trak, 'mdia'));
  const tables = state.init.tracks.map((track) =>
    gatherTrack(track, complete, prefix && { slices: from, samples: prefix.tables.get(track.id) }),
  );
  const filled = tables.filter((table) => table.count > 0);
  filled.forEach(settleTiming);
  const naturalEnds = tables.map(() => NaN);
  if (filled.length === 0) return { state, view, ftyp, moov, traks, tables, naturalEnds };
  const start = Math.min(...filled.map((table) => table.decodeTimes[0]! / table.track.timescale));
  let end = part.endAtMs === undefined ? Infinity : start + part.endAtMs / 1000;
  if (part.endTogether) end = Math.min(end, ...filled.map((table) => trackEndTicks(table) / table.track.timescale));
  tables.forEach((table, index) => {
    const { count } = table;
    if (count === 0) return;
    const lastDuration = table.durations[count - 1]!;
    if (end !== Infinity) cutTrack(table, end * table.track.timescale);
    const last = table.count - 1;
    if (last < 0) return;
    // The cut leaves the decode times past the kept samples as they were: the uncut duration is the gap to the next.
    naturalEnds[index] = last + 1 < count ? table.decodeTimes[last + 1]! : table.decodeTimes[last]! + lastDuration;
  });
  const kept = tables.filter((table) => table.count > 0);
  if (kept.length === 0) return { state, view, ftyp, moov, traks, tables, naturalEnds };
  return { state, view, ftyp, moov, traks, tables, start, naturalEnds };
}
