/**
 * The sample table boxes of one track (ISO/IEC 14496-12 §8.6–8.7), written straight into
 * typed arrays: a 3-hour recording has about a million samples, so no per-entry objects.
 * Chunk offsets are 64-bit (`co64`) and filled in last, once the header's size is known.
 */

import { fullBox, setUint64, type BoxNode } from './box-tree';
import type { TrackTable } from './track-table';

/** How many runs of equal values `values[0..count)` holds. */
function runCount(values: Uint32Array | Int32Array, count: number): number {
  let runs = count > 0 ? 1 : 0;
  for (let index = 1; index < count; index++) if (values[index] !== values[index - 1]) runs++;
  return runs;
}

/**
 * A table of run-length pairs (sample count, value) of `values[0..count)`: counted first,
 * then written straight into the box's bytes, so no array of pairs is made in between
 * (fresh memory is what costs most here, at a million samples).
 */
function runLengthTable(type: string, version: number, values: Uint32Array | Int32Array, count: number): BoxNode {
  const runs = runCount(values, count);
  const bytes = new Uint8Array(4 + runs * 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, runs);
  let at = 4;
  for (let index = 0; index < count;) {
    const value = values[index]!;
    let end = index + 1;
    while (end < count && values[end] === value) end++;
    view.setUint32(at, end - index);
    view.setUint32(at + 4, value >>> 0);
    at += 8;
    index = end;
  }
  return fullBox(type, version, 0, bytes);
}

/** Writes `words` big-endian at `bytes[at..]` (`at` a multiple of 4): a million entries at Stop, so no DataView call each. */
function putWords(bytes: Uint8Array, at: number, words: Uint32Array | number[]): void {
  const out = new Uint32Array(bytes.buffer, bytes.byteOffset + at, words.length);
  for (let index = 0; index < words.length; index++) {
    const word = words[index]! >>> 0;
    out[index] = bigEndian
      ? word
      : ((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24);
  }
}

const bigEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 0;

/** An entry-count table of 32-bit words. */
function wordTable(type: string, version: number, words: Uint32Array | number[], entries: number): BoxNode {
  const bytes = new Uint8Array(4 + words.length * 4);
  new DataView(bytes.buffer).setUint32(0, entries);
  putWords(bytes, 4, words);
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
  const bytes = new Uint8Array(4 + length * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, length);
  let at = 4;
  for (let index = 0; index < table.count; index++) {
    if (!table.sync[index]) continue;
    view.setUint32(at, index + 1);
    at += 4;
  }
  return fullBox('stss', 0, 0, bytes);
}

function stsz(table: TrackTable): BoxNode {
  const bytes = new Uint8Array(8 + table.count * 4);
  new DataView(bytes.buffer).setUint32(4, table.count);
  putWords(bytes, 8, table.sizes.subarray(0, table.count));
  return fullBox('stsz', 0, 0, bytes);
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

/** The `co64` box, and how to fill its offsets once the header's length is known. */
function co64(table: TrackTable): { box: BoxNode; fill: (place: Place) => void } {
  const bytes = new Uint8Array(4 + table.chunkOffsets.length * 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, table.chunkOffsets.length);
  const fill = (place: Place): void =>
    table.chunkOffsets.forEach((offset, chunk) => setUint64(view, 4 + chunk * 8, place(offset)));
  return { box: fullBox('co64', 0, 0, bytes), fill };
}

/** The tables after `stsd`, in the usual order. */
export function sampleTables(table: TrackTable): { boxes: BoxNode[]; fillOffsets: (place: Place) => void } {
  const offsets = co64(table);
  const boxes = [stts(table), ctts(table), stss(table), stsz(table), stsc(table), offsets.box];
  return { boxes: boxes.filter((node): node is BoxNode => node !== undefined), fillOffsets: offsets.fill };
}
