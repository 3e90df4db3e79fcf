/**
 * The sample table boxes of one track (ISO/IEC 14496-12 §8.6–8.7): a 3-hour recording has
 * about a million samples, so no per-entry objects, and the large tables are counted first
 * and written later straight into the header's buffer (box-tree.ts `LaterBytes`), with no
 * buffer of their own. Chunk offsets are 64-bit (`co64`) and placed last, once the header's
 * size is known.
 */

import { fullBox, setUint64, type BoxNode, type LaterBytes } from './box-tree';
import type { TrackTable } from './track-table';

/** How many runs of equal values `values[0..count)` holds. */
function runCount(values: Uint32Array | Int32Array, count: number): number {
  let runs = count > 0 ? 1 : 0;
  for (let index = 1; index < count; index++) if (values[index] !== values[index - 1]) runs++;
  return runs;
}

/** A big-endian 32-bit word at any place (the header's tables are not 4-byte aligned). */
function putWord(out: Uint8Array, at: number, word: number): void {
  out[at] = word >>> 24;
  out[at + 1] = (word >>> 16) & 0xff;
  out[at + 2] = (word >>> 8) & 0xff;
  out[at + 3] = word & 0xff;
}

/**
 * A table of run-length pairs (sample count, value) of `values[0..count)`: counted now,
 * written later straight into the header, so no array of pairs is made in between.
 */
function runLengthTable(type: string, version: number, values: Uint32Array | Int32Array, count: number): BoxNode {
  const runs = runCount(values, count);
  const entries: LaterBytes = {
    byteLength: 4 + runs * 8,
    write(out, _view, start) {
      putWord(out, start, runs);
      let at = start + 4;
      for (let index = 0; index < count;) {
        const value = values[index]!;
        let end = index + 1;
        while (end < count && values[end] === value) end++;
        putWord(out, at, end - index);
        putWord(out, at + 4, value >>> 0);
        at += 8;
        index = end;
      }
    },
  };
  return fullBox(type, version, 0, entries);
}

/** An entry-count table of 32-bit words. */
function wordTable(type: string, version: number, words: number[], entries: number): BoxNode {
  const bytes = new Uint8Array(4 + words.length * 4);
  putWord(bytes, 0, entries);
  words.forEach((word, index) => putWord(bytes, 4 + index * 4, word >>> 0));
  return fullBox(type, version, 0, bytes);
}

function stts(table: TrackTable): BoxNode {
  return runLengthTable('stts', 0, table.durations, table.count);
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
  let length = 0;
  for (let index = 0; index < table.count; index++) if (table.sync[index]) length++;
  if (length === table.count) return undefined;
  const entries: LaterBytes = {
    byteLength: 4 + length * 4,
    write(out, _view, start) {
      putWord(out, start, length);
      let at = start + 4;
      for (let index = 0; index < table.count; index++) {
        if (!table.sync[index]) continue;
        putWord(out, at, index + 1);
        at += 4;
      }
    },
  };
  return fullBox('stss', 0, 0, entries);
}

function stsz(table: TrackTable): BoxNode {
  const { count, sizes } = table;
  const entries: LaterBytes = {
    // sample_size 0 (each sample has its own), sample_count, then the sizes.
    byteLength: 8 + count * 4,
    write(out, _view, start) {
      putWord(out, start, 0);
      putWord(out, start + 4, count);
      for (let index = 0, at = start + 8; index < count; index++, at += 4) putWord(out, at, sizes[index]!);
    },
  };
  return fullBox('stsz', 0, 0, entries);
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
