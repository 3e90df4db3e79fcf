/**
 * The WebM index folded ahead from a recording's first slices (as Stop's read does) and
 * finished on from there: the same header and body as a fold of every slice from the start,
 * wherever the press falls.
 */

import { describe, expect, it } from 'vitest';
import { finishWebm, foldIndexes, foldPrefix } from '../../src/shared/webm-index';
import type { WebmSliceIndex } from '../../src/shared/webm-index';
import { recordedSlices } from './support/recorded-slices';
import { finishWebmFromIndexes, indexSlices } from './support/webm-index-files';

const { indexes } = indexSlices(recordedSlices('firefox-webm'));
/** Frame times in ms of the recording's places to end at (its ticks are ms: TimestampScale 1,000,000). */
const cutTimes = (list: readonly WebmSliceIndex[]) =>
  list.flatMap((index) => index.cuts.filter((_, at) => at % 2 === 1));

describe('WebM index folded ahead', () => {
  it('is indexed by a recording of several slices, each with places to end at', () => {
    expect(indexes.length).toBeGreaterThanOrEqual(3);
    expect(cutTimes(indexes.slice(0, -1)).length).toBeGreaterThan(0);
  });

  it('goes on from the fold ahead where the press falls after what it folded: the same file', () => {
    const ahead = indexes.length - 1;
    const end = Math.max(...cutTimes(indexes.slice(0, ahead))) + 1;
    for (const endAtMs of [undefined, end]) {
      const prefix = foldPrefix(indexes.slice(0, ahead))!;
      const fold = foldIndexes(indexes, { endAtMs }, prefix);
      expect(fold).toBe(prefix.fold);
      expect(finishWebm(fold)).toEqual(finishWebmFromIndexes(indexes, { endAtMs }));
    }
  });

  it('folds from the start where the press falls inside what was folded ahead: the same file', () => {
    const ahead = indexes.length - 1;
    const times = cutTimes(indexes.slice(0, ahead));
    // A press in the middle of the slices folded ahead: the file ends inside them.
    const endAtMs = times[Math.floor(times.length / 2)]!;
    const prefix = foldPrefix(indexes.slice(0, ahead))!;
    const fold = foldIndexes(indexes, { endAtMs }, prefix);
    expect(fold).not.toBe(prefix.fold);
    const whole = finishWebmFromIndexes(indexes, { endAtMs });
    expect(finishWebm(fold)).toEqual(whole);
    expect(whole).toHaveProperty('durationMs', endAtMs);
  });

  it('takes a fold ahead only for the very indexes it was made from, in order', () => {
    const prefix = foldPrefix(indexes.slice(0, 2))!;
    // The same indexes as copies (read again from storage): the fold ahead is not theirs.
    const copies = indexes.map((index) => structuredClone(index));
    expect(foldIndexes(copies, {}, prefix)).not.toBe(prefix.fold);
    expect(foldIndexes(indexes.slice(0, 1), {}, foldPrefix(indexes.slice(0, 2)))).not.toBe(prefix.fold);
    expect(finishWebm(foldIndexes(copies, {}, prefix))).toEqual(finishWebmFromIndexes(indexes));
  });

  it('makes no fold ahead of a slice without an index', () => {
    expect(foldPrefix([])).toBeUndefined();
    expect(foldPrefix([indexes[0], undefined])).toBeUndefined();
  });
});
