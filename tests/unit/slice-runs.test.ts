import { describe, expect, it } from 'vitest';
import type { StoredSlice } from '../../src/platform/stored-slice';
import { SliceRuns } from '../../src/platform/slice-runs';
import type { FilePiece } from '../../src/shared/file-pieces';

const slice = (seq: number): StoredSlice => {
  const data = new Blob([`<${seq}>`]);
  return { recordingId: 'r', seq, data, size: data.size };
};
const whole = (slices: StoredSlice[], from = 0, to = slices.length, part = 0): FilePiece[] =>
  slices.slice(from, to).map((stored, index) => ({ part, slice: from + index, start: 0, end: stored.size }));
const text = async (parts: BlobPart[]) => new Blob(parts).text();

describe('SliceRuns', () => {
  const slices = Array.from({ length: 10 }, (_, seq) => slice(seq));
  const header = new TextEncoder().encode('H') as Uint8Array<ArrayBuffer>;

  it('gives one part per run of whole slices in order, and the same bytes', async () => {
    const runs = new SliceRuns(4);
    runs.gather(slices);
    const pieces = [header, ...whole(slices)];
    const parts = runs.blobParts(pieces, [slices]);
    // The header, two runs of 4, then the 2 slices of no whole run.
    expect(parts).toHaveLength(1 + 2 + 2);
    expect(await text(parts)).toBe('H' + slices.map((s) => `<${s.seq}>`).join(''));
  });

  it('makes runs only once, as more slices are read', () => {
    const runs = new SliceRuns(4);
    const read = slices.slice(0, 5);
    runs.gather(read);
    const first = runs.blobParts(whole(read), [read])[0];
    read.push(...slices.slice(5, 8));
    runs.gather(read);
    const again = runs.blobParts(whole(read), [read]);
    expect(again[0]).toBe(first);
    expect(again).toHaveLength(2);
  });

  it('keeps slices apart where the file does not hold a run whole and in order', async () => {
    const runs = new SliceRuns(4);
    runs.gather(slices);
    // A section starting inside the first slice, and one missing a slice of the second run.
    const cut: FilePiece[] = [{ part: 0, slice: 0, start: 1, end: slices[0]!.size }, ...whole(slices, 1, 4)];
    expect(runs.blobParts(cut, [slices])).toHaveLength(4);
    expect(await text(runs.blobParts(cut, [slices]))).toBe('0><1><2><3>');
    const gap = [...whole(slices, 4, 6), ...whole(slices, 7, 8)];
    expect(runs.blobParts(gap, [slices])).toHaveLength(3);
    // The same seqs read again are other rows: never taken for the run.
    const reread = slices.map((s) => slice(s.seq));
    expect(runs.blobParts(whole(reread), [reread])).toHaveLength(10);
  });

  it('makes no runs when told to (each slice stays a part)', () => {
    const runs = new SliceRuns(0);
    runs.gather(slices);
    expect(runs.blobParts(whole(slices), [slices])).toHaveLength(10);
  });
});
