import { describe, expect, it } from 'vitest';
import { parsePortMessage } from '../../src/shared/recording-port-message';
import { isWebmScan, joinFieldsProblem, newWebmScan, scanWebmSlice, type WebmScan } from '../../src/shared/webm-index';
import { recordedSlices } from './support/recorded-slices';

/** Every scan state a recording goes through, as the slice-writer frame sends them. */
function scansOf(set: string): WebmScan[] {
  let scan = newWebmScan();
  return recordedSlices(set).map((slice) => (scan = scanWebmSlice(scan, slice).scan));
}

describe('isWebmScan', () => {
  it('takes every scan of a real recording, after a structured clone as the messages carry it', () => {
    for (const set of ['firefox-webm', 'chromium-webm', 'firefox-audio-webm']) {
      for (const scan of scansOf(set)) expect(isWebmScan(structuredClone(scan))).toBe(true);
    }
  });

  it('refuses anything with a field of the wrong type or out of bounds', () => {
    const scan = scansOf('firefox-webm').at(-1)!;
    const bad: unknown[] = [
      null,
      'scan',
      { ...scan, at: -1 },
      { ...scan, at: 1.5 },
      { ...scan, carry: [1, 2] },
      { ...scan, carry: new Uint8Array(3 * 1024 * 1024) },
      { ...scan, open: [{ id: 1, at: 'x' }] },
      { ...scan, open: new Array(100).fill({ id: 1, at: 0 }) },
      { ...scan, cluster: { ...scan.cluster, sized: 'yes' } },
      { ...scan, head: { ebml: 'bytes' } },
      { ...scan, lastFrames: [{ track: 1, time: 0, gap: Number.NaN }] },
      { ...scan, refused: 42 },
    ];
    for (const value of bad) expect(isWebmScan(value)).toBe(false);
  });
});

describe('joinFieldsProblem', () => {
  const index = scanWebmSlice(newWebmScan(), recordedSlices('firefox-webm')[0]!).index;

  it('takes the rows a scan writes now, after a structured clone as IndexedDB stores them', () => {
    expect(index.clusterTimes!.length).toBeGreaterThan(0);
    expect(joinFieldsProblem(structuredClone(index))).toBeUndefined();
  });

  it('names rows stored before joining existed, and damaged ones', () => {
    const { clusterTimes: _times, ...old } = index;
    expect(joinFieldsProblem(old)).toBe('the index was stored by an older version');
    for (const bad of [
      { ...index, frames: [1, 2] },
      { ...index, clusterTimes: [0, 0, 0, 0.5] },
      { ...index, frames: ['1', 2, 3] as unknown as number[] },
      { ...index, clusterTimes: {} as unknown as number[] },
    ]) {
      expect(joinFieldsProblem(bad)).toBe('a damaged index');
    }
  });
});

describe('the port messages of the index', () => {
  it("keeps a frame's news of a stored slice, dropping a scan that is not one", () => {
    const webmScan = newWebmScan();
    expect(parsePortMessage({ type: 'slice-stored', seq: 1, size: 5, webmScan })).toEqual({
      type: 'slice-stored',
      seq: 1,
      size: 5,
      webmScan,
    });
    expect(parsePortMessage({ type: 'slice-stored', seq: 1, size: 5, webmScan: { at: 'x' } })).toEqual({
      type: 'slice-stored',
      seq: 1,
      size: 5,
    });
  });

  it('takes the press of Stop with the end, as a count of milliseconds', () => {
    expect(parsePortMessage({ type: 'ended', at: 5, reason: 'user', endAtMs: 1200 })).toEqual({
      type: 'ended',
      at: 5,
      reason: 'user',
      endAtMs: 1200,
    });
    expect(parsePortMessage({ type: 'ended', at: 5, reason: 'user', endAtMs: -1 })).toBeUndefined();
    expect(parsePortMessage({ type: 'ended', at: 5, reason: 'user', endAtMs: '1200' })).toBeUndefined();
  });
});
