import { describe, expect, it } from 'vitest';
import { MAX_SLICE_BYTES, parsePortMessage } from '../../src/shared/recording-port-message';

describe('parsePortMessage', () => {
  it('passes every well-formed message, with exactly its own fields', () => {
    const data = new ArrayBuffer(8);
    expect(parsePortMessage({ type: 'started', at: 1_700_000_000_000, extra: 'x' })).toEqual({
      type: 'started',
      at: 1_700_000_000_000,
    });
    expect(parsePortMessage({ type: 'slice', seq: 3, data })).toEqual({ type: 'slice', seq: 3, data });
    expect(parsePortMessage({ type: 'slice-stored', seq: 0, size: 10 })).toEqual({
      type: 'slice-stored',
      seq: 0,
      size: 10,
    });
    expect(parsePortMessage({ type: 'ended', at: 5, reason: 'parts-limit' })).toEqual({
      type: 'ended',
      at: 5,
      reason: 'parts-limit',
    });
    expect(parsePortMessage({ type: 'ended', at: 5, reason: 'error', error: 'storage-full' })).toEqual({
      type: 'ended',
      at: 5,
      reason: 'error',
      error: 'storage-full',
    });
    expect(parsePortMessage({ type: 'signal', missing: ['sound', 'sound'] })).toEqual({
      type: 'signal',
      missing: ['sound'],
    });
  });

  it('refuses anything with a field out of place, which would reach storage or a timeline', () => {
    for (const message of [
      null,
      'slice',
      { type: 'nope', at: 1 },
      { type: 'started', at: -1 },
      { type: 'paused', at: 1.5 },
      { type: 'resumed', at: Number.POSITIVE_INFINITY },
      { type: 'resumed', at: '1' },
      { type: 'slice', seq: -1, data: new ArrayBuffer(1) },
      { type: 'slice', seq: 1, data: new Uint8Array(4) },
      { type: 'slice', seq: 1, data: 'bytes' },
      { type: 'slice-stored', seq: 1, size: MAX_SLICE_BYTES + 1 },
      { type: 'slice-stored', seq: 1, size: Number.NaN },
      { type: 'ended', at: 1, reason: 'because' },
      { type: 'ended', at: 1, reason: 'error', error: 'made-up' },
      { type: 'signal', missing: ['smell'] },
      { type: 'signal', missing: 'sound' },
    ]) {
      expect(parsePortMessage(message), JSON.stringify(message)).toBeUndefined();
    }
  });
});
