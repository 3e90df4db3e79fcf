/**
 * The sample table boxes of one track (ISO/IEC 14496-12 §8.6–8.7): a 3-hour recording has
 * about a million samples, so no per-entry objects, and the large tables are counted first
 * and written later straight into the header's buffer (box-tree.ts `LaterBytes`), with no
 * buffer of their own. Entries written ahead, along the recording and as Stop was pressed
 * (entries-ahead.ts), are kept as they are, and only the entries after them are written.
 * Chunk offsets are 64-bit (`co64`) and placed last, once the header's size is known.
 */

import { fullBox, KeptBytes, setUint64, type BoxNode, type BoxPart, type LaterBytes } from './box-tree';
import type { EntriesAhead } from './entries-ahead';
import { putWord, runCount, syncCount, writeRuns, writeSyncNumbers, writeWords } from './table-words';
import type { TrackTable } from './track-table';

/** The entry count, the chunks of entries written ahead, then the rest written later. */
function entriesOf(count: number, ahead: Uint8Array<ArrayBuffer>[] | undefined, rest: LaterBytes): BoxPart[] {
  const countWord = new Uint8Array(4);
  putWord(countWord, 0, count);
  return [countWord, ...(ahead ?? []).map((chunk) => new KeptBytes(chunk)), rest];
}

/**
 * A table of run-length pairs (sample count, value) of `values[0..count)`: counted now,
 * written later straight into the header, so no array of pairs is made in between. The
 * runs of samples [0, ahead.samples) may come written ahead.
 */
function runLengthTable(
  type: string,
  version: number,
  values: Uint32Array | Int32Array,
  count: number,
  ahead?: EntriesAhead['durations'],
): BoxNode {
  const from = ahead?.samples ?? 0;
  const runs = runCount(values, from, count);
  const rest: LaterBytes = {
    byteLength: runs * 8,
    write: (out, _view, start) => writeRuns(values, from, count, out, start),
  };
  return fullBox(type, version, 0, ...entriesOf((ahead?.runs ?? 0) + runs, ahead?.chunks, rest));
}

/** An entry-count table of 32-bit words. */
function wordTable(type: string, version: number, words: number[], entries: number): BoxNode {
  const bytes = new Uint8Array(4 + words.length * 4);
  putWord(bytes, 0, entries);
  words.forEach((word, index) => putWord(bytes, 4 + index * 4, word >>> 0));
  return fullBox(type, version, 0, bytes);
}

/**
 * Entries written ahead serve only where finishing left them as they were: samples are only
 * ever dropped from the end (a cut), so every sample written ahead must still be there.
 * Durations written ahead stop before the prefix's last run: the last sample kept, whose
 * duration a cut changes, comes after them.
 */
function usableAhead(table: TrackTable): EntriesAhead | undefined {
  const { ahead } = table;
  return ahead && ahead.sizes.samples <= table.count && ahead.syncs.samples <= table.count ? ahead : undefined;
}

function stts(table: TrackTable): BoxNode {
  return runLengthTable('stts', 0, table.durations, table.count, usableAhead(table)?.durations);
}

/** Only when some sample is shown at another time than it is decoded (B-frames). */
function ctts(table: TrackTable): BoxNode | undefined {
  const offsets = table.compositionOffsets?.subarray(0, table.count);
  if (!offsets || offsets.every((offset) => offset === 0)) return undefined;
  // Signed offsets are written as their 32-bit two's complement, as version 1 reads them.
  const signed = offsets.some((offset) => offset < 0);
  return runLengthTable('ctts', signed ? 1 : 0, offsets, table.count);
}

/** Absent when every sample is a sync sample (sound), as the format says. */
function stss(table: TrackTable): BoxNode | undefined {
  const ahead = usableAhead(table)?.syncs;
  const from = ahead?.samples ?? 0;
  const length = syncCount(table.sync, from, table.count);
  if ((ahead?.count ?? 0) + length === table.count) return undefined;
  const rest: LaterBytes = {
    byteLength: length * 4,
    write: (out, _view, start) => writeSyncNumbers(table.sync, from, table.count, out, start),
  };
  return fullBox('stss', 0, 0, ...entriesOf((ahead?.count ?? 0) + length, ahead?.chunks, rest));
}

function stsz(table: TrackTable): BoxNode {
  const { count, sizes } = table;
  const ahead = usableAhead(table)?.sizes;
  const from = ahead?.samples ?? 0;
  const rest: LaterBytes = {
    byteLength: (count - from) * 4,
    write: (out, _view, start) => writeWords(sizes, from, count, out, start),
  };
  // sample_size 0 (each sample has its own), sample_count, then the sizes.
  return fullBox('stsz', 0, 0, new Uint8Array(4), ...entriesOf(count, ahead?.chunks, rest));
}

/** One entry each time the samples per chunk or the sample entry changes. */
function stsc(table: TrackTable): BoxNode {
  const words: number[] = [];
  table.chunkCounts.forEach((count, chunk) => {
    const description = table.chunkDescriptions[chunk]!;
    if (words.length && words.at(-2) === count && words.at(-1) === description) return;
    words.push(chunk + 1, count, description);
  });
  return wordTable('stsc', 0, words, words.length / 3);
}

/** Where a chunk's bytes are in the file, from its offset in the table. */
export type Place = (offset: number) => number;

/** The `co64` box, and how to place its offsets once the header's length is known (before it is written). */
function co64(table: TrackTable): { box: BoxNode; fill: (place: Place) => void } {
  const offsets = table.chunkOffsets;
  let placed: Place | undefined;
  const entries: LaterBytes = {
    byteLength: 4 + offsets.length * 8,
    write(out, view, start) {
      if (!placed) throw new Error('co64 written before its offsets were placed');
      putWord(out, start, offsets.length);
      for (let chunk = 0; chunk < offsets.length; chunk++)
        setUint64(view, start + 4 + chunk * 8, placed(offsets[chunk]!));
    },
  };
  const fill = (place: Place): void => {
    placed = place;
  };
  return { box: fullBox('co64', 0, 0, entries), fill };
}

/** The tables after `stsd`, in the usual order. */
export function sampleTables(table: TrackTable): { boxes: BoxNode[]; fillOffsets: (place: Place) => void } {
  const offsets = co64(table);
  const boxes = [stts(table), ctts(table), stss(table), stsz(table), stsc(table), offsets.box];
  return { boxes: boxes.filter((node): node is BoxNode => node !== undefined), fillOffsets: offsets.fill };
}
