import { describe, expect, it } from 'vitest';
import { PAUSED_COLOR, RECORDING_COLOR, elapsedBadgeText, toolbarBadge } from '../../src/shared/toolbar-badge';

describe('toolbar badge', () => {
  it('shows REC for the first minute, then minutes, then hours and minutes, in four characters', () => {
    expect(elapsedBadgeText(0)).toBe('REC');
    expect(elapsedBadgeText(59_999)).toBe('REC');
    expect(elapsedBadgeText(60_000)).toBe('1m');
    expect(elapsedBadgeText(59 * 60_000 + 59_000)).toBe('59m');
    expect(elapsedBadgeText(65 * 60_000)).toBe('1h05');
    expect(elapsedBadgeText(9 * 3_600_000 + 59 * 60_000)).toHaveLength(4);
  });

  it('is red with the longest running recording while any records, grey when all are paused', () => {
    expect(
      toolbarBadge([
        { state: 'recording', elapsedMs: 3 * 60_000 },
        { state: 'paused', elapsedMs: 20 * 60_000 },
        { state: 'recording', elapsedMs: 90_000 },
      ]),
    ).toEqual({ text: '3m', color: RECORDING_COLOR, paused: false });
    expect(toolbarBadge([{ state: 'paused', elapsedMs: 5000 }])).toEqual({
      text: 'II',
      color: PAUSED_COLOR,
      paused: true,
    });
  });

  it('is cleared once nothing records: stopping, finishing, saved or failed', () => {
    expect(toolbarBadge([])).toBeUndefined();
    for (const state of ['stopping', 'finalizing', 'saved', 'failed'] as const) {
      expect(toolbarBadge([{ state, elapsedMs: 10_000 }])).toBeUndefined();
    }
  });
});
