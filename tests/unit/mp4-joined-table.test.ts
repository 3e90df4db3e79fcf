/**
 * A plain recording's tables are taken as the part read them, not copied (issue #17: a
 * million samples at 3 hours, between Stop and the download); anything moved or cut is
 * copied, and both give the same table.
 */

import { describe, expect, it } from 'vitest';
import { placeParts } from '../../src/shared/mp4-index/join';
import { joinedTable, type TableInputs } from '../../src/shared/mp4-index/joined-table';
import { readPart } from '../../src/shared/mp4-index/part-tables';
import { selectAll } from '../../src/shared/mp4-index/section';
import type { TrackTable } from '../../src/shared/mp4-index/track-table';
import { partInput } from './support/mp4-parts';
import { recordedSlices } from './support/recorded-slices';

function inputsFor(partCount: number, bases: number[]): TableInputs {
  const slices = recordedSlices('chromium-mp4');
  const placed = placeParts(Array.from({ length: partCount }, () => readPart(partInput(slices))));
  return {
    placed,
    selection: selectAll(placed),
    maps: placed.parts.map(() => Uint32Array.of(1)),
    bases,
    extents: placed.parts.map(() => undefined),
  };
}

const sameEntries = (table: TrackTable) => ({
  count: table.count,
  sizes: [...table.sizes],
  durations: [...table.durations],
  decodeTimes: [...table.decodeTimes],
  sync: [...table.sync],
  chunkOffsets: [...table.chunkOffsets],
  chunkCounts: [...table.chunkCounts],
  chunkDescriptions: [...table.chunkDescriptions],
});

describe('joinedTable', () => {
  it("takes a whole, unmoved part's table without a copy, and notes its bytes", () => {
    const inputs = inputsFor(1, [0]);
    for (const at of inputs.placed.tracks.keys()) {
      const own = inputs.placed.parts[0]!.tables[at]!;
      const table = joinedTable(inputs, at)!;
      expect(table.sizes.buffer).toBe(own.sizes.buffer);
      expect(table.decodeTimes.buffer).toBe(own.decodeTimes.buffer);
      expect(table.count).toBe(own.count);
    }
    const extent = inputs.extents[0]!;
    expect(extent.lo).toBeGreaterThan(0);
    expect(extent.hi).toBeLessThanOrEqual(inputs.placed.parts[0]!.state.position);
  });

  it('copies a part that is moved (a second part), and the copy holds what the part had', () => {
    const whole = inputsFor(1, [0]);
    const inputs = inputsFor(2, [0, whole.placed.parts[0]!.state.position]);
    for (const at of inputs.placed.tracks.keys()) {
      const joined = joinedTable(inputs, at)!;
      const first = joinedTable(whole, at)!;
      expect(joined.sizes.buffer).not.toBe(inputs.placed.parts[0]!.tables[at]!.sizes.buffer);
      expect(joined.count).toBe(2 * first.count);
      // The first part's samples, as the whole part gives them (the last one's duration
      // aside: it lasts until the second part's first sample).
      const head = sameEntries({ ...joined, count: first.count });
      const expected = sameEntries(first);
      expect(head.sizes.slice(0, first.count)).toEqual(expected.sizes);
      expect(head.sync.slice(0, first.count)).toEqual(expected.sync);
      expect(head.decodeTimes.slice(0, first.count)).toEqual(expected.decodeTimes);
      expect(head.durations.slice(0, first.count - 1)).toEqual(expected.durations.slice(0, -1));
      expect(head.chunkOffsets.slice(0, first.chunkOffsets.length)).toEqual(expected.chunkOffsets);
    }
    expect(inputs.extents[0]).toEqual(whole.extents[0]);
  });
});
