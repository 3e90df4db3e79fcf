/**
 * One joined track's sample table: the kept samples of each part one after another, on
 * the joined timeline, each chunk naming its joined sample entry and its bytes by their
 * place in the concatenation of all parts' stored slices. Each part's extent of kept
 * bytes is noted, for the file to hold only those.
 */

import { Mp4IndexError } from './boxes';
import type { Placed } from './join';
import type { Selection } from './section';
import type { TrackTable } from './track-table';

/** Bytes [lo, hi) of a part's stored data that the kept samples use. */
export interface Extent {
  lo: number;
  hi: number;
}

export interface TableInputs {
  placed: Placed;
  selection: Selection;
  /** Per part: its sample entry numbers mapped to the joined ones (undefined: the part adds nothing). */
  maps: (Uint32Array | undefined)[];
  /** Per part: where its stored data starts in the concatenation of all parts'. */
  bases: number[];
  /** Per part: the extent of its kept bytes, widened here. */
  extents: (Extent | undefined)[];
}

/** The chunk holding sample `sample` of a part's table. */
function chunkOf(table: TrackTable, sample: number): { chunk: number; first: number } {
  let first = 0;
  for (let chunk = 0; chunk < table.chunkCounts.length; chunk++) {
    if (sample < first + table.chunkCounts[chunk]!) return { chunk, first };
    first += table.chunkCounts[chunk]!;
  }
  throw new Mp4IndexError('a sample outside its chunks');
}

function widen(extents: (Extent | undefined)[], part: number, lo: number, hi: number): void {
  const extent = extents[part];
  extents[part] = extent ? { lo: Math.min(extent.lo, lo), hi: Math.max(extent.hi, hi) } : { lo, hi };
}

interface Member {
  index: number;
  table: TrackTable;
  range: { from: number; to: number };
  shift: number;
}

/**
 * A plain recording's track, or a part kept whole where nothing moves: the part's own
 * table is the joined one, taken as it is rather than copied (a million samples at 3 hours,
 * between Stop and the download).
 */
function wholeTable(inputs: TableInputs, at: number, [member, ...others]: Member[]): TrackTable | undefined {
  const { index, table, range, shift } = member!;
  const map = inputs.maps[index]!;
  const unmoved = others.length === 0 && shift === 0 && inputs.bases[index] === 0 && inputs.selection.end === undefined;
  if (!unmoved || range.from !== 0 || range.to !== table.count || !map.every((entry, at) => entry === at + 1)) {
    return undefined;
  }
  const chunks = table.chunkCounts.length;
  const last = chunks - 1;
  let end = table.chunkOffsets[last]!;
  for (let sample = table.count - table.chunkCounts[last]!; sample < table.count; sample++) end += table.sizes[sample]!;
  widen(inputs.extents, index, table.chunkOffsets[0]!, end);
  const { count } = table;
  return {
    ...table,
    track: { ...table.track, id: inputs.placed.tracks[at]!.id },
    sizes: table.sizes.subarray(0, count),
    decodeTimes: table.decodeTimes.subarray(0, count),
    durations: table.durations.subarray(0, count),
    sync: table.sync.subarray(0, count),
    compositionOffsets: table.compositionOffsets?.subarray(0, count),
  };
}

/** The joined table of track `at`, or undefined when no part keeps a sample of it. */
export function joinedTable(inputs: TableInputs, at: number): TrackTable | undefined {
  const { placed, selection } = inputs;
  const track = placed.tracks[at]!;
  const members = placed.parts.flatMap((part, index): Member[] => {
    const range = selection.ranges[index]![at]!;
    const table = part.tables[track.members[index]!]!;
    return range.to > range.from ? [{ index, table, range, shift: placed.shifts[index]![at]! }] : [];
  });
  if (members.length === 0) return undefined;
  const whole = wholeTable(inputs, at, members);
  if (whole) return whole;
  const spans = members.map(({ table, range }) => ({
    start: chunkOf(table, range.from),
    last: chunkOf(table, range.to - 1),
  }));
  const count = members.reduce((sum, { range }) => sum + range.to - range.from, 0);
  const chunks = spans.reduce((sum, span) => sum + span.last.chunk - span.start.chunk + 1, 0);
  const first = members[0]!.table;
  const out: TrackTable = {
    track: { ...first.track, id: track.id },
    count,
    sizes: new Uint32Array(count),
    decodeTimes: new Float64Array(count),
    durations: new Uint32Array(count),
    sync: new Uint8Array(count),
    chunkOffsets: new Float64Array(chunks),
    chunkCounts: new Uint32Array(chunks),
    chunkDescriptions: new Uint32Array(chunks),
  };
  if (members.some(({ table }) => table.compositionOffsets)) out.compositionOffsets = new Int32Array(count);
  let sample = 0;
  let chunk = 0;
  members.forEach(({ index, table, range, shift }, member) => {
    const { from, to } = range;
    out.sizes.set(table.sizes.subarray(from, to), sample);
    out.sync.set(table.sync.subarray(from, to), sample);
    out.durations.set(table.durations.subarray(from, to), sample);
    if (table.compositionOffsets) out.compositionOffsets!.set(table.compositionOffsets.subarray(from, to), sample);
    for (let source = from; source < to; source++)
      out.decodeTimes[sample + source - from] = table.decodeTimes[source]! + shift;
    // The previous part's last sample lasts until this part's first: a table has no gaps.
    if (sample > 0) {
      const gap = out.decodeTimes[sample]! - out.decodeTimes[sample - 1]!;
      if (gap <= 0 || gap > 0xffffffff) throw new Mp4IndexError(`parts ${gap <= 0 ? 'overlap' : 'too far apart'}`);
      out.durations[sample - 1] = gap;
    }
    const map = inputs.maps[index]!;
    const { start, last } = spans[member]!;
    let firstOfChunk = start.first;
    for (let source = start.chunk; source <= last.chunk; source++, chunk++) {
      const chunkEnd = firstOfChunk + table.chunkCounts[source]!;
      let offset = table.chunkOffsets[source]!;
      for (let skipped = firstOfChunk; skipped < from; skipped++) offset += table.sizes[skipped]!;
      const keptFrom = Math.max(firstOfChunk, from);
      const keptTo = Math.min(chunkEnd, to);
      let end = offset;
      for (let kept = keptFrom; kept < keptTo; kept++) end += table.sizes[kept]!;
      out.chunkOffsets[chunk] = inputs.bases[index]! + offset;
      out.chunkCounts[chunk] = keptTo - keptFrom;
      out.chunkDescriptions[chunk] = map[table.chunkDescriptions[source]! - 1]!;
      widen(inputs.extents, index, offset, end);
      firstOfChunk = chunkEnd;
    }
    sample += to - from;
  });
  if (selection.end !== undefined) {
    // A section ends exactly where asked: its last sample is shortened to end there.
    const last = count - 1;
    const room = Math.ceil(selection.end * track.timescale - out.decodeTimes[last]!);
    out.durations[last] = Math.max(1, Math.min(out.durations[last]!, room));
  }
  return out;
}
