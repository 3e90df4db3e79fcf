import { describe, expect, it } from 'vitest';
import { MAX_PARTS, mayClaimNextPart, MIN_PART_INTERVAL_MS } from '../../src/shared/parts';
import type { EndReason } from '../../src/shared/recording-state';
import { aRecord } from './support/records';

const ended = (reason: EndReason, overrides = {}) =>
  aRecord(overrides, { type: 'started', at: 1_000 }, { type: 'ended', at: 2_000, reason });
const later = 1_000 + MIN_PART_INTERVAL_MS;

describe('mayClaimNextPart', () => {
  it('grants a next part after a source change, in the same tab and frame, once it is due', () => {
    expect(mayClaimNextPart(ended('source-changed'), 7, 0, later)).toBe(true);
    expect(mayClaimNextPart(ended('source-changed'), 7, 0, later - 1), 'too soon').toBe(false);
    expect(mayClaimNextPart(ended('source-changed'), 8, 0, later), 'another tab').toBe(false);
    expect(mayClaimNextPart(ended('source-changed'), 7, 1, later), 'another frame').toBe(false);
  });

  it('refuses after any other end, a second time, and past the cap', () => {
    expect(mayClaimNextPart(ended('user'), 7, 0, later)).toBe(false);
    expect(mayClaimNextPart(aRecord({}, { type: 'started', at: 1_000 }), 7, 0, later), 'still recording').toBe(false);
    expect(mayClaimNextPart(ended('source-changed', { nextPartClaimed: true }), 7, 0, later)).toBe(false);
    expect(mayClaimNextPart(ended('source-changed', { part: MAX_PARTS - 1 }), 7, 0, later)).toBe(true);
    expect(mayClaimNextPart(ended('source-changed', { part: MAX_PARTS }), 7, 0, later)).toBe(false);
  });
});
