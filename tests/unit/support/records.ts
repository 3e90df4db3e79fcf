import { newRecord, type NewRecording, type Session } from '../../../src/background/recordings/session-table';
import type { RecordingFormat } from '../../../src/shared/recording-format';
import type { RecordingRecord } from '../../../src/shared/recording-record';
import { transition, type RecordingEvent } from '../../../src/shared/recording-state';

export const WEBM: RecordingFormat = {
  mimeType: 'video/webm;codecs=vp8,opus',
  container: 'webm',
  extension: 'webm',
  hasVideo: true,
  hasAudio: true,
};

export const MP4: RecordingFormat = {
  mimeType: 'video/mp4;codecs=avc3,opus',
  container: 'mp4',
  extension: 'mp4',
  hasVideo: true,
  hasAudio: true,
};

/** What the unit tests ask to record: media m1 of tab 7's top frame. */
export const NEW_RECORDING: NewRecording = {
  tabId: 7,
  frameId: 0,
  mediaId: 'm1',
  pageTitle: 'Page',
  pageUrl: 'https://example.org/',
  fileNameTemplate: '{title}',
  askWhereToSave: false,
  joinParts: false,
  audioOnly: false,
  part: 1,
};

/** A record as the registry creates it (starting, tab 7, frame 0), then `events` and `overrides`. */
export function aRecord(overrides: Partial<RecordingRecord> = {}, ...events: RecordingEvent[]): RecordingRecord {
  let ids = 0;
  const record: RecordingRecord = newRecord(NEW_RECORDING, { newId: () => `rec-${++ids}`, now: () => 1_000 });
  record.format = WEBM;
  record.timeline = events.reduce(transition, record.timeline);
  return { ...record, ...overrides };
}

/** A recording that is recording since 1 s. */
export const recording = (overrides: Partial<RecordingRecord> = {}) =>
  aRecord(overrides, { type: 'started', at: 1_000 });

export const aSession = (record: RecordingRecord): Session => ({
  record,
  writes: Promise.resolve(),
  progress: undefined,
});
