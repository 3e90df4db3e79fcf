/**
 * The words of sample table entries (ISO/IEC 14496-12 §8.6–8.7), as the header writes them
 * at the end (sample-tables.ts) and as chunks written ahead (entries-ahead.ts) write them.
 */

type Values = Uint32Array | Int32Array;

/** A big-endian 32-bit word at any place (the header's tables are not 4-byte aligned). */
export function putWord(out: Uint8Array, at: number, word: number): void {
  out[at] = word >>> 24;
  out[at + 1] = (word >>> 16) & 0xff;
  out[at + 2] = (word >>> 8) & 0xff;
  out[at + 3] = word & 0xff;
}

/** How many runs of equal values `values[from..to)` holds. */
export function runCount(values: Values, from: number, to: number): number {
  let runs = to > from ? 1 : 0;
  for (let index = from + 1; index < to; index++) if (values[index] !== values[index - 1]) runs++;
  return runs;
}

/** Writes the run-length pairs (sample count, value) of `values[from..to)` at `out[at..]`. */
export function writeRuns(values: Values, from: number, to: number, out: Uint8Array, at: number): void {
  for (let index = from; index < to; at += 8) {
    const value = values[index]!;
    let end = index + 1;
    while (end < to && values[end] === value) end++;
    putWord(out, at, end - index);
    // Signed values (composition offsets) as their 32-bit two's complement.
    putWord(out, at + 4, value >>> 0);
    index = end;
  }
}

/** Writes `values[from..to)` as words at `out[at..]` (`stsz` sizes). */
export function writeWords(values: Uint32Array, from: number, to: number, out: Uint8Array, at: number): void {
  for (let index = from; index < to; index++, at += 4) putWord(out, at, values[index]!);
}

/** How many of `sync[from..to)` are sync samples. */
export function syncCount(sync: Uint8Array, from: number, to: number): number {
  let found = 0;
  for (let index = from; index < to; index++) if (sync[index]) found++;
  return found;
}

/** Writes the 1-based numbers of the sync samples among `sync[from..to)` at `out[at..]` (`stss`). */
export function writeSyncNumbers(sync: Uint8Array, from: number, to: number, out: Uint8Array, at: number): void {
  for (let index = from; index < to; index++) {
    if (!sync[index]) continue;
    putWord(out, at, index + 1);
    at += 4;
  }
}
