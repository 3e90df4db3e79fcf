import { describe, expect, it } from 'vitest';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { initialTimeline, type RecordingState } from '../../src/shared/recording-state';
import { recordingsToLetGo } from '../../src/shared/retention';

const DAY = 24 * 60 * 60 * 1000;
const NOW = 100 * DAY;

function record(
  id: string,
  ageDays: number,
  size: number,
  state: RecordingState = 'saved',
  downloaded = true,
  data: Partial<Pick<RecordingRecord, 'sliceCount' | 'slicesDeleted'>> = {},
): RecordingRecord {
  return {
    id,
    sliceCount: 3,
    slicesDeleted: false,
    ...data,
    createdAt: NOW - ageDays * DAY,
    timeline: { ...initialTimeline, state },
    fileSize: size,
    bytes: size,
    downloadId: downloaded ? 1 : undefined,
  } as RecordingRecord;
}

describe('recordingsToLetGo', () => {
  it('lets go of saved recordings older than the days kept', () => {
    const records = [record('new', 1, 10), record('old', 31, 10), record('older', 90, 10)];
    expect(recordingsToLetGo(records, NOW, { keepDays: 30, keepBytes: 0 })).toEqual(['old', 'older']);
  });

  it('keeps the newest within the space allowed', () => {
    const records = [record('a', 3, 40), record('b', 1, 40), record('c', 2, 40)];
    expect(recordingsToLetGo(records, NOW, { keepDays: 0, keepBytes: 100 })).toEqual(['a']);
  });

  it('never lets go of running, unsaved or failed recordings, or ones never downloaded', () => {
    const records = [
      record('running', 90, 10, 'recording'),
      record('failed', 90, 10, 'failed'),
      record('kept', 90, 10, 'saved', false),
    ];
    expect(recordingsToLetGo(records, NOW, { keepDays: 1, keepBytes: 1 })).toEqual([]);
  });

  it('lets go of failed recordings whose data is gone once older than the days kept', () => {
    const records = [
      record('empty', 90, 0, 'failed', false, { sliceCount: 0 }),
      record('freed', 90, 10, 'failed', false, { slicesDeleted: true }),
      record('recent', 1, 0, 'failed', false, { sliceCount: 0 }),
      record('savable', 90, 10, 'failed', false),
    ];
    expect(recordingsToLetGo(records, NOW, { keepDays: 30, keepBytes: 1 })).toEqual(['empty', 'freed']);
    expect(recordingsToLetGo(records, NOW, { keepDays: 0, keepBytes: 1 })).toEqual([]);
  });

  it('keeps everything when there is no limit', () => {
    expect(recordingsToLetGo([record('a', 999, 1e12)], NOW, { keepDays: 0, keepBytes: 0 })).toEqual([]);
  });
});
