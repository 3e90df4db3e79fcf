import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../../src/background/recordings/snapshot';
import { aRecord, recording } from './support/records';

describe('snapshotOf', () => {
  it('shows a recording in progress with its time so far, pauses excluded', () => {
    const paused = aRecord({ bytes: 300 }, { type: 'started', at: 1_000 }, { type: 'paused', at: 3_000 });
    expect(snapshotOf(paused, undefined, 10_000)).toEqual({
      id: paused.id,
      frameId: 0,
      mediaId: 'm1',
      mediaKind: 'video',
      state: 'paused',
      elapsedMs: 2_000,
      bytes: 300,
      fileName: undefined,
      progress: undefined,
      durationMs: 0,
      fileSize: 0,
      canShow: false,
      endReason: undefined,
      error: undefined,
      missingSignals: [],
    });
    expect(snapshotOf(recording(), undefined, 4_500).elapsedMs).toBe(3_500);
  });

  it('shows a saved file, the progress of one being made, and no missing signals for older records', () => {
    const saved = aRecord(
      { fileName: 'Page.webm', downloadId: 3, durationMs: 2_000, fileSize: 9, missingSignals: undefined },
      { type: 'started', at: 1_000 },
      { type: 'ended', at: 3_000, reason: 'media-ended' },
    );
    expect(snapshotOf(saved, 0.25, 60_000)).toMatchObject({
      state: 'finalizing',
      elapsedMs: 2_000,
      progress: 0.25,
      canShow: true,
      endReason: 'media-ended',
      missingSignals: [],
    });
  });
});
