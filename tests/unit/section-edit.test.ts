import { describe, expect, it } from 'vitest';
import {
  bigStepMs,
  cutRefusal,
  handleLimits,
  MIN_SECTION_MS,
  moveHandle,
  nearerHandle,
  parseSectionRequest,
  sliderKeyValue,
  snapNote,
  typedSection,
} from '../../src/shared/section-edit';

const duration = 20_000;
const section = { startMs: 5000, endMs: 12_000 };

describe('the section editor', () => {
  it('moves a handle by a second per arrow, a tenth with Shift, ten seconds per page', () => {
    expect(sliderKeyValue('ArrowRight', false, 'start', section, duration)).toBe(6000);
    expect(sliderKeyValue('ArrowUp', false, 'start', section, duration)).toBe(6000);
    expect(sliderKeyValue('ArrowLeft', false, 'start', section, duration)).toBe(4000);
    expect(sliderKeyValue('ArrowDown', true, 'end', section, duration)).toBe(11_900);
    expect(sliderKeyValue('PageUp', false, 'end', section, duration)).toBe(duration);
    expect(sliderKeyValue('PageDown', false, 'start', section, duration)).toBe(0);
    expect(sliderKeyValue('a', false, 'start', section, duration)).toBeUndefined();
    expect(sliderKeyValue('Tab', false, 'start', section, duration)).toBeUndefined();
  });

  it('takes bigger pages on long recordings', () => {
    expect(bigStepMs(60_000)).toBe(10_000);
    expect(bigStepMs(2 * 3600_000)).toBe(60_000);
  });

  it('keeps each handle on its side of the other: Home and End go to its own limits', () => {
    expect(sliderKeyValue('Home', false, 'start', section, duration)).toBe(0);
    expect(sliderKeyValue('End', false, 'start', section, duration)).toBe(12_000 - MIN_SECTION_MS);
    expect(sliderKeyValue('Home', false, 'end', section, duration)).toBe(5000 + MIN_SECTION_MS);
    expect(sliderKeyValue('End', false, 'end', section, duration)).toBe(duration);
    expect(sliderKeyValue('PageUp', false, 'start', section, duration)).toBe(12_000 - MIN_SECTION_MS);
    expect(handleLimits('end', section, duration)).toEqual({ min: 5100, max: duration });
  });

  it('moves a handle to a time, within its limits', () => {
    expect(moveHandle('start', 7000.4, section, duration)).toEqual({ startMs: 7000, endMs: 12_000 });
    expect(moveHandle('start', 15_000, section, duration)).toEqual({ startMs: 11_900, endMs: 12_000 });
    expect(moveHandle('end', -3, section, duration)).toEqual({ startMs: 5000, endMs: 5100 });
    expect(moveHandle('end', 99_000, section, duration)).toEqual({ startMs: 5000, endMs: duration });
  });

  it('brings the nearer handle to a press on the timeline', () => {
    expect(nearerHandle(1000, section)).toBe('start');
    expect(nearerHandle(9000, section)).toBe('end');
    expect(nearerHandle(18_000, section)).toBe('end');
  });

  it('takes typed times, a time past the end meaning the end', () => {
    expect(typedSection(5000, 12_000, duration)).toEqual(section);
    expect(typedSection(5000, 99_000, duration)).toEqual({ startMs: 5000, endMs: duration });
    expect(typedSection(undefined, 12_000, duration)).toBe('unreadable');
    expect(typedSection(12_000, 5000, duration)).toBe('out-of-order');
    expect(typedSection(5000, 5000, duration)).toBe('out-of-order');
    expect(typedSection(30_000, 40_000, duration)).toBe('out-of-order');
  });

  it('says where the file starts: before the asked start, on it, or not known yet', () => {
    expect(snapNote(5000, 4200)).toBe('earlier');
    expect(snapNote(5000, 5000)).toBe('exact');
    // Rounding of the index's timescale is not a key frame before.
    expect(snapNote(5000, 4999.5)).toBe('exact');
    expect(snapNote(5000, undefined)).toBe('unknown');
  });

  it('cuts only a file composed from its index, while its slices are stored', () => {
    expect(cutRefusal({ composed: true, finalized: true, slicesDeleted: false })).toBeUndefined();
    expect(cutRefusal({ composed: false, finalized: true, slicesDeleted: false })).toBe('cut-no-index');
    expect(cutRefusal({ composed: undefined, finalized: true, slicesDeleted: false })).toBe('cut-no-index');
    expect(cutRefusal({ composed: false, finalized: true, slicesDeleted: true })).toBe('cut-no-index');
    expect(cutRefusal({ composed: true, finalized: true, slicesDeleted: true })).toBe('cut-data-freed');
  });

  it('checks the numbers of a save-section request', () => {
    expect(parseSectionRequest({ recordingId: 'a', startMs: 5000, endMs: 12_000 })).toEqual({
      recordingId: 'a',
      section,
    });
    expect(parseSectionRequest({ recordingId: 'a', startMs: 0, endMs: 1 })).toBeDefined();
    for (const bad of [
      null,
      'x',
      { recordingId: 1, startMs: 0, endMs: 1 },
      { recordingId: 'a', startMs: '0', endMs: 1 },
      { recordingId: 'a', startMs: -1, endMs: 1 },
      { recordingId: 'a', startMs: 5, endMs: 5 },
      { recordingId: 'a', startMs: 6, endMs: 5 },
      { recordingId: 'a', startMs: 0, endMs: Infinity },
      { recordingId: 'a', startMs: NaN, endMs: 5 },
    ])
      expect(parseSectionRequest(bad), JSON.stringify(bad)).toBeUndefined();
  });
});
