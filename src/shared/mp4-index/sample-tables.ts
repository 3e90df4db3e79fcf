/**
 * The sample table boxes of one track (ISO/IEC 14496-12 §8.6–8.7), written straight into
 * typed arrays: a 3-hour recording has about a million samples, so no per-entry objects.
 * Chunk offsets are 64-bit (`co64`) and filled in last, once the header's size is known.
 */

import { fullBox, setUint64, type BoxNode } from './box-tree';
import type { TrackTable } from './track-table';

/** Run-length pairs (count, value) of `values[0..count)`. */
function runLengths(count: number, valueAt: (index: number) => number): number[] {
  const pairs: number[] = [];
  for (let index = 0; index < count;) {
    const value = valueAt(index);
    let end = index + 1;
    while (end < count && valueAt(end) === value) end++;
    pairs.push(end - index, value);
    index = end;
  }
  return pairs;
}

/** An entry-count table of 32-bit words. */
function wordTable(type: string, version: number, words: ArrayLike<number>, entries: number): BoxNode {
  const bytes = new Uint8Array(4 + words.length * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, entries);
  for (let index = 0; index < words.length; index++) view.setUint32(4 + index * 4, words[index]! >>> 0);
  return fullBox(type, version, 0, bytes);
}

function stts(table: TrackTable): BoxNode {
  const pairs = runLengths(table.count, (index) => table.durations[index]!);
  return wordTable('stts', 0, pairs, pairs.length / 2);
}

/** Only when some sample is shown at another time than it is decoded (B-frames). */
function ctts(table: TrackTable): BoxNode | undefined {
  const offsets = table.compositionOffsets;
  if (!offsets || offsets.subarray(0, table.count).every((offset) => offset === 0)) return undefined;
  const pairs = runLengths(table.count, (index) => offsets[index]!);
  const signed = offsets.subarray(0, table.count).some((offset) => offset < 0);
  return wordTable('ctts', signed ? 1 : 0, pairs, pairs.length / 2);
}

/** Absent when every sample is a sync sample (sound), as the format says. */
function stss(table: TrackTable): BoxNode | undefined {
  const sync: number[] = [];
  for (let index = 0; index < table.count; index++) if (table.sync[index]) sync.push(index + 1);
  return sync.length === table.count ? undefined : wordTable('stss', 0, sync, sync.length);
}

function stsz(table: TrackTable): BoxNode {
  const bytes = new Uint8Array(8 + table.count * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, table.count);
  for (let index = 0; index < table.count; index++) view.setUint32(8 + index * 4, table.sizes[index]!);
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
