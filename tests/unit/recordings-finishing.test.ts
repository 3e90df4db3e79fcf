import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SavedFile } from '../../src/background/file-saver';
import {
  Finishing,
  recordSaved,
  STOP_ANSWER_TIMEOUT_MS,
  STOP_STORING_LIMIT_MS,
} from '../../src/background/recordings/finishing';
import { SessionTable } from '../../src/background/recordings/session-table';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { aRecord, recording } from './support/records';

const saved = (overrides: Partial<SavedFile> = {}): SavedFile => ({
  fileName: 'Page.webm',
  downloadId: 42,
  finalized: true,
  durationSeconds: 2.0004,
  size: 500,
  ...overrides,
});

function finishing(saveFile = vi.fn(async (_record: RecordingRecord, _onProgress: (f: number) => void) => saved())) {
  const stored: RecordingRecord[] = [];
  const store = {
    getRecording: async (id: string) => stored.find((record) => record.id === id),
    saveRecording: async (record: RecordingRecord) => void stored.push(structuredClone(record)),
    deleteSlices: vi.fn(async (_id: string) => undefined),
  };
  const clock = { now: 3_000 };
  const table = new SessionTable({ store, now: () => clock.now });
  const slices = { countUnannounced: vi.fn(async (_record: RecordingRecord) => undefined) };
  const onFinished = vi.fn();
  const finish = new Finishing({ store, saveFile, now: () => clock.now, onFinished }, table, slices);
  return { finish, table, store, saveFile, slices, onFinished, clock, stored };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('recordSaved', () => {
  it('keeps what the save gave, its length in whole milliseconds', () => {
    const record = recording();
    recordSaved(record, saved());
    expect(record).toMatchObject({
      fileName: 'Page.webm',
      downloadId: 42,
      finalized: true,
      fileSize: 500,
      durationMs: 2000,
    });
    recordSaved(record, saved({ durationSeconds: undefined }));
    expect(record.durationMs).toBe(2000);
  });

  it("says what went wrong with this save, and clears only an earlier save's notice", () => {
    const record = recording();
    recordSaved(record, saved({ finalized: false }));
    expect(record.error).toBe('finalize-failed');
    recordSaved(record, saved({ nameRefused: true }));
    expect(record.error).toBe('file-name-refused');
    recordSaved(record, saved());
    expect(record.error).toBeUndefined();
    record.error = 'storage-full';
    recordSaved(record, saved());
    expect(record.error).toBe('storage-full');
  });
});

describe('Finishing', () => {
  it('saves what was stored, reports the progress while it saves, then frees the slices', async () => {
    const progress: (number | undefined)[] = [];
    const { finish, table, store, slices, onFinished, saveFile } = finishing();
    const session = table.track(recording({ sliceCount: 2, bytes: 500 }));
    saveFile.mockImplementationOnce(async (_record, onProgress) => {
      progress.push(session.progress);
      onProgress(0.5);
      progress.push(session.progress);
      return saved();
    });
    finish.end(session, 'cut-short');
    await vi.waitFor(() => expect(onFinished).toHaveBeenCalledTimes(1));
    expect(progress).toEqual([0, 0.5]);
    expect(session.progress).toBeUndefined();
    expect(slices.countUnannounced).toHaveBeenCalledWith(session.record);
    expect(session.record.timeline).toMatchObject({ state: 'saved', endReason: 'cut-short', endedAt: 3_000 });
    expect(store.deleteSlices).toHaveBeenCalledWith(session.record.id);
    await session.writes;
    expect(session.record.slicesDeleted).toBe(true);
  });

  it('keeps the slices of a file composed of them (index-only), until retention lets it go', async () => {
    const { finish, table, store } = finishing(vi.fn(async () => saved({ composed: true })));
    const session = table.track(
      aRecord({ sliceCount: 1 }, { type: 'started', at: 1_000 }, { type: 'ended', at: 2_000, reason: 'user' }),
    );
    await finish.finalize(session);
    expect(session.record).toMatchObject({ composed: true, finalized: true, slicesDeleted: false });
    expect(store.deleteSlices).not.toHaveBeenCalled();
  });

  it('keeps the slices of a file saved as recorded (not finished), for a retry', async () => {
    const { finish, table, store } = finishing(vi.fn(async () => saved({ finalized: false })));
    const session = table.track(
      aRecord({ sliceCount: 1 }, { type: 'started', at: 1_000 }, { type: 'ended', at: 2_000, reason: 'user' }),
    );
    await finish.finalize(session);
    expect(session.record.timeline.state).toBe('saved');
    expect(store.deleteSlices).not.toHaveBeenCalled();
  });

  it('fails an empty recording without saving, and a save that threw, keeping its slices', async () => {
    const { finish, table, saveFile, onFinished, store } = finishing();
    const empty = table.track(recording());
    finish.end(empty, 'user', 2_000);
    await vi.waitFor(() => expect(onFinished).toHaveBeenCalledTimes(1));
    expect(empty.record).toMatchObject({ error: 'empty-recording' });
    expect(empty.record.timeline).toMatchObject({ state: 'failed', endedAt: 2_000 });
    expect(saveFile).not.toHaveBeenCalled();

    saveFile.mockRejectedValueOnce(new Error('disk full'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const refused = table.track(recording({ id: 'other', sliceCount: 1 }));
    finish.end(refused, 'user');
    await vi.waitFor(() => expect(onFinished).toHaveBeenCalledTimes(2));
    expect(refused.record).toMatchObject({ error: 'download-failed' });
    expect(refused.record.timeline.state).toBe('failed');
    expect(store.deleteSlices).not.toHaveBeenCalled();
  });

  it('does not end twice', () => {
    const { finish, table } = finishing();
    const session = table.track(recording({ sliceCount: 1 }));
    finish.end(session, 'user', 2_000);
    finish.end(session, 'cut-short', 2_500);
    expect(session.record.timeline).toMatchObject({ endReason: 'user', endedAt: 2_000 });
  });

  it('has the file prepared as a Stop is taken, once, and not for a Stop refused', () => {
    const { table } = finishing();
    const readAhead = vi.fn();
    const finish = new Finishing(
      { store: { deleteSlices: async () => undefined }, saveFile: async () => saved(), now: () => 0, readAhead },
      table,
      { countUnannounced: async () => undefined },
    );
    const session = table.track(recording({ id: 'a', sliceCount: 1 }));
    expect(finish.requestStop('a')).toBe(true);
    expect(finish.requestStop('a')).toBe(false);
    expect(finish.requestStop('unknown')).toBe(false);
    expect(readAhead).toHaveBeenCalledTimes(1);
    expect(readAhead).toHaveBeenCalledWith(session.record);
  });

  it('ends a Stop left unanswered after its time, and not one the page confirmed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const { finish, table, onFinished } = finishing();
    const unanswered = table.track(recording({ id: 'a', sliceCount: 1 }));
    const confirmed = table.track(recording({ id: 'b', sliceCount: 1 }));
    expect(finish.requestStop('a')).toBe(true);
    expect(finish.requestStop('b')).toBe(true);
    expect(finish.requestStop('b')).toBe(false);
    expect(finish.requestStop('unknown')).toBe(false);
    expect(unanswered.record.timeline.state).toBe('stopping');
    finish.end(confirmed, 'user');
    vi.advanceTimersByTime(STOP_ANSWER_TIMEOUT_MS - 1);
    expect(unanswered.record.timeline.state).toBe('stopping');
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await vi.waitFor(() => expect(onFinished).toHaveBeenCalledTimes(2));
    expect(unanswered.record).toMatchObject({ error: 'stop-unanswered' });
    expect(unanswered.record.timeline).toMatchObject({ state: 'saved', endReason: 'error' });
    expect(confirmed.record.error).toBeUndefined();
  });

  it('waits on for a page still sending slices after a Stop, but not for ever', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const { finish, table, onFinished } = finishing();
    const storing = table.track(recording({ id: 'a', sliceCount: 1 }));
    const busy = table.track(recording({ id: 'b', sliceCount: 1 }));
    finish.requestStop('a');
    finish.requestStop('b');
    // 'a' stores its backlog for 40 s, then confirms; 'b' sends a slice every window, never confirming.
    for (let window = 0; window < 3; window++) {
      storing.slicesHeard = (storing.slicesHeard ?? 0) + 1;
      busy.slicesHeard = (busy.slicesHeard ?? 0) + 1;
      vi.advanceTimersByTime(STOP_ANSWER_TIMEOUT_MS);
      expect(storing.record.timeline.state).toBe('stopping');
    }
    finish.end(storing, 'user');
    for (let waited = 3 * STOP_ANSWER_TIMEOUT_MS; waited < STOP_STORING_LIMIT_MS; waited += STOP_ANSWER_TIMEOUT_MS) {
      expect(busy.record.timeline.state).toBe('stopping');
      busy.slicesHeard! += 1;
      vi.advanceTimersByTime(STOP_ANSWER_TIMEOUT_MS);
    }
    vi.useRealTimers();
    await vi.waitFor(() => expect(onFinished).toHaveBeenCalledTimes(2));
    expect(storing.record.error).toBeUndefined();
    expect(busy.record).toMatchObject({ error: 'stop-unanswered' });
  });

  it('saves a finished recording again, and a failed one becomes saved', async () => {
    const { finish, table, saveFile } = finishing();
    const failed = table.track(recording({ sliceCount: 1, error: 'download-failed' }));
    table.apply(failed, { type: 'failed', at: 2_000 });
    expect(await finish.downloadAgain(failed.record.id)).toBeUndefined();
    expect(failed.record.timeline.state).toBe('saved');
    expect(failed.record.error).toBeUndefined();

    saveFile.mockRejectedValueOnce(new Error('disk full'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await finish.downloadAgain(failed.record.id)).toBe('download-failed');
    expect(failed.record.timeline.state).toBe('saved');
  });

  it('refuses to save again what is still recording, or what has nothing left to save', async () => {
    const { finish, table } = finishing();
    table.track(recording({ id: 'live', sliceCount: 1 }));
    expect(await finish.downloadAgain('live')).toBe('already-recording');
    table.track(aRecord({ id: 'empty' }, { type: 'failed', at: 2_000 }));
    expect(await finish.downloadAgain('empty')).toBe('media-gone');
    table.track(aRecord({ id: 'freed', sliceCount: 1, slicesDeleted: true }, { type: 'failed', at: 2_000 }));
    expect(await finish.downloadAgain('freed')).toBe('media-gone');
    expect(await finish.downloadAgain('unknown')).toBe('media-gone');
  });
});
