import { describe, expect, it, vi } from 'vitest';
import type { Finishing } from '../../src/background/recordings/finishing';
import { deleteRecording, recoverInterrupted } from '../../src/background/recordings/recovery';
import { SessionTable, type Session } from '../../src/background/recordings/session-table';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { aRecord, recording } from './support/records';

function world(records: RecordingRecord[]) {
  const store = {
    listRecordings: async () => records,
    getRecording: async (id: string) => records.find((record) => record.id === id),
    saveRecording: async () => undefined,
    deleteRecording: vi.fn(async (_id: string) => undefined),
  };
  const table = new SessionTable({ store, now: () => 0 });
  const finishing = {
    end: vi.fn((_session: Session, _reason: string, _at?: number) => undefined),
    finalize: vi.fn(async (_session: Session) => undefined),
    chain: { resumeWaiting: vi.fn(async (_session: Session) => undefined) } as unknown as Finishing['chain'],
  } satisfies Pick<Finishing, 'end' | 'finalize' | 'chain'>;
  return { store, table, finishing };
}

const savedRecord = (id: string) =>
  aRecord({ id }, { type: 'started', at: 1_000 }, { type: 'ended', at: 2_000, reason: 'user' }, { type: 'saved' });

describe('recoverInterrupted', () => {
  it('ends what was recording at its last write, finishes what was finishing, and leaves the rest', async () => {
    const live = recording({ id: 'live', updatedAt: 4_000 });
    const finalizing = aRecord(
      { id: 'finalizing' },
      { type: 'started', at: 1_000 },
      { type: 'ended', at: 2_000, reason: 'user' },
    );
    const { store, table, finishing } = world([live, finalizing, savedRecord('saved')]);
    expect(await recoverInterrupted('browser-start', store, table, finishing)).toBe(2);
    expect(finishing.end).toHaveBeenCalledWith(table.get('live'), 'cut-short', 4_000);
    expect(finishing.finalize).toHaveBeenCalledWith(table.get('finalizing'));
    expect(table.get('saved')).toBeUndefined();
    expect([live.recovered, finalizing.recovered]).toEqual([true, true]);
  });

  it('says why: only a recording the browser lost is "recovered"; an update cut it off with an error', async () => {
    for (const [cause, recovered, reason, error] of [
      ['browser-start', true, 'cut-short', undefined],
      ['background-restart', false, 'cut-short', undefined],
      ['extension-update', false, 'error', 'extension-unreachable'],
    ] as const) {
      const live = recording({ id: 'live' });
      const { store, table, finishing } = world([live]);
      await recoverInterrupted(cause, store, table, finishing);
      expect({ recovered: live.recovered, error: live.error }, cause).toEqual({ recovered, error });
      expect(finishing.end.mock.calls[0]?.[1], cause).toBe(reason);
    }
  });

  it('leaves alone a recording this background already knows (its page came back)', async () => {
    const live = recording({ id: 'live' });
    const { store, table, finishing } = world([live]);
    table.track(live);
    expect(await recoverInterrupted('background-restart', store, table, finishing)).toBe(0);
    expect(finishing.end).not.toHaveBeenCalled();
  });
});

describe('deleteRecording', () => {
  it('deletes a finished recording, its file first, after its last write', async () => {
    const { store, table } = world([savedRecord('done')]);
    const order: string[] = [];
    const session = (await table.load('done'))!;
    session.writes = new Promise((resolve) => setTimeout(() => resolve(void order.push('write')), 5));
    const deleteFile = vi.fn(async () => void order.push('file'));
    store.deleteRecording.mockImplementationOnce(async () => void order.push('record'));
    expect(await deleteRecording('done', deleteFile, store, table)).toBeUndefined();
    expect(order).toEqual(['write', 'file', 'record']);
    expect(table.get('done')).toBeUndefined();
  });

  it('refuses one still recording, and one that is not there', async () => {
    const { store, table } = world([recording({ id: 'live' })]);
    const deleteFile = vi.fn(async () => undefined);
    expect(await deleteRecording('live', deleteFile, store, table)).toBe('already-recording');
    expect(await deleteRecording('gone', deleteFile, store, table)).toBe('media-gone');
    expect(deleteFile).not.toHaveBeenCalled();
    expect(store.deleteRecording).not.toHaveBeenCalled();
  });
});
