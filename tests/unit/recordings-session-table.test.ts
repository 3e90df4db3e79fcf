import { describe, expect, it, vi } from 'vitest';
import { newRecord, SessionTable } from '../../src/background/recordings/session-table';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { aRecord, recording } from './support/records';

function table(stored: RecordingRecord[] = []) {
  const clock = { now: 5_000 };
  const saved: { id: string; state: string; updatedAt: number }[] = [];
  const store = {
    getRecording: vi.fn(async (id: string) => stored.find((record) => record.id === id)),
    saveRecording: vi.fn(async (record: RecordingRecord) => {
      saved.push({ id: record.id, state: record.timeline.state, updatedAt: record.updatedAt });
    }),
  };
  const onChange = vi.fn();
  return { sessions: new SessionTable({ store, now: () => clock.now, onChange }), store, saved, onChange, clock };
}

describe('newRecord', () => {
  it('starts a recording with nothing stored, its id first and its slice key second', () => {
    let ids = 0;
    const record = newRecord(
      {
        tabId: 3,
        frameId: 2,
        mediaId: 'm',
        pageTitle: 'T',
        pageUrl: 'https://a.example/',
        fileNameTemplate: '{title}',
        askWhereToSave: true,
        joinParts: false,
        audioOnly: true,
        part: 2,
      },
      { newId: () => `id-${++ids}`, now: () => 42 },
    );
    expect(record).toMatchObject({
      id: 'id-1',
      sliceKey: 'id-2',
      tabId: 3,
      part: 2,
      audioOnly: true,
      createdAt: 42,
      updatedAt: 42,
      bytes: 0,
      sliceCount: 0,
      lastMessage: -1,
      recovered: false,
      slicesDeleted: false,
      missingSignals: [],
    });
    expect(record.timeline.state).toBe('starting');
  });
});

describe('SessionTable', () => {
  it('keeps one session per recording', () => {
    const { sessions } = table();
    const record = recording();
    const first = sessions.track(record);
    expect(sessions.track({ ...record })).toBe(first);
    expect(sessions.get(record.id)).toBe(first);
    expect(sessions.all()).toEqual([first]);
    sessions.forget(record.id);
    expect(sessions.get(record.id)).toBeUndefined();
  });

  it('reads a recording it does not know back from storage, once', async () => {
    const stored = recording();
    const { sessions, store } = table([stored]);
    const [a, b] = await Promise.all([sessions.load(stored.id), sessions.load(stored.id)]);
    expect(a).toBe(b);
    expect(a?.record).toBe(stored);
    expect(await sessions.load(stored.id)).toBe(a);
    expect(store.getRecording).toHaveBeenCalledTimes(2);
    expect(await sessions.load('unknown')).toBeUndefined();
  });

  it('takes a storage that cannot be read for one that has nothing', async () => {
    const { sessions, store } = table();
    store.getRecording.mockRejectedValueOnce(new Error('broken'));
    expect(await sessions.load('x')).toBeUndefined();
  });

  it('finds a capturing recording only while it captures', async () => {
    const saved = aRecord({ id: 'done' }, { type: 'ended', at: 2_000, reason: 'user' }, { type: 'saved' });
    const live = recording({ id: 'live' });
    const { sessions } = table([saved, live]);
    expect(await sessions.capturing('done')).toBeUndefined();
    expect((await sessions.capturing('live'))?.record).toBe(live);
  });

  it('applies an event, then writes the record after the writes before it, and tells', async () => {
    const { sessions, saved, onChange } = table();
    const session = sessions.track(recording());
    let releaseEarlier!: () => void;
    session.writes = new Promise((resolve) => (releaseEarlier = resolve));
    expect(sessions.apply(session, { type: 'paused', at: 3_000 })).toBe(true);
    expect(session.record.timeline.state).toBe('paused');
    await Promise.resolve();
    expect(saved).toEqual([]);
    releaseEarlier();
    await session.writes;
    expect(saved).toEqual([{ id: session.record.id, state: 'paused', updatedAt: 5_000 }]);
    expect(onChange).toHaveBeenCalledWith(session.record);
  });

  it('ignores an event the state does not take, and writes nothing when asked not to', async () => {
    const { sessions, saved } = table();
    const session = sessions.track(recording());
    vi.spyOn(console, 'warn').mockImplementationOnce(() => undefined);
    expect(sessions.apply(session, { type: 'resumed', at: 2_000 })).toBe(false);
    expect(session.record.timeline.state).toBe('recording');
    expect(sessions.apply(session, { type: 'paused', at: 2_000 }, false)).toBe(true);
    await session.writes;
    expect(saved).toEqual([]);
  });

  it('tells of a change even when its record could not be written', async () => {
    const { sessions, store, onChange } = table();
    store.saveRecording.mockRejectedValueOnce(new Error('quota'));
    vi.spyOn(console, 'error').mockImplementationOnce(() => undefined);
    const record = recording();
    await sessions.saveRecord(record);
    expect(record.updatedAt).toBe(5_000);
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
