import { describe, expect, it, vi } from 'vitest';
import { PortIntake } from '../../src/background/recordings/port-intake';
import { SessionTable, type Session } from '../../src/background/recordings/session-table';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { recording } from './support/records';
import { READ_ALONG_EVERY_SLICES, READ_ALONG_FROM_SLICES } from '../../src/background/recordings/read-along';

function intake() {
  const written: number[] = [];
  const table = new SessionTable({
    store: {
      getRecording: async () => undefined,
      saveRecording: async (record: RecordingRecord) => void written.push(record.lastMessage),
    },
    now: () => 9_000,
  });
  const order: string[] = [];
  const slices = {
    store: vi.fn(async (_record: RecordingRecord, seq: number) => {
      await new Promise((resolve) => setTimeout(resolve, seq === 0 ? 20 : 0));
      order.push(`slice ${seq}`);
    }),
    countStored: vi.fn((record: RecordingRecord, size: number) => {
      record.sliceCount++;
      order.push(`stored ${size}`);
    }),
    watchSpace: vi.fn(async () => undefined),
  };
  const finalize = vi.fn(async (_session: Session) => undefined);
  const readAlong = vi.fn((_record: RecordingRecord) => undefined);
  const session = table.track(recording());
  return {
    port: new PortIntake(table, slices, finalize, readAlong),
    session,
    slices,
    finalize,
    readAlong,
    written,
    order,
  };
}

const data = new ArrayBuffer(4);

describe('PortIntake', () => {
  it('handles messages one after another, in the order sent, and writes the record after each', async () => {
    const { port, session, order, written, slices } = intake();
    void port.take(session, 0, { type: 'slice', seq: 0, data });
    void port.take(session, 1, { type: 'slice-stored', seq: 1, size: 7 });
    await port.take(session, 2, { type: 'paused', at: 3_000 });
    expect(order).toEqual(['slice 0', 'stored 7']);
    expect(slices.watchSpace).toHaveBeenCalledTimes(2);
    expect(session.record.timeline.state).toBe('paused');
    expect(written).toEqual([0, 1, 2]);
  });

  it('counts the slices the page sends as they come, before the writes ahead of them (what a Stop waits on)', () => {
    const { port, session } = intake();
    void port.take(session, 0, { type: 'slice', seq: 0, data });
    void port.take(session, 1, { type: 'slice-stored', seq: 1, size: 7 });
    void port.take(session, 2, { type: 'signal', missing: [] });
    expect(session.slicesHeard).toBe(2);
  });

  it('skips a message it already handled (sent again after a reconnection)', async () => {
    const { port, session, slices } = intake();
    await port.take(session, 0, { type: 'slice', seq: 0, data });
    await port.take(session, 0, { type: 'slice', seq: 0, data });
    expect(slices.store).toHaveBeenCalledTimes(1);
    expect(session.record.lastMessage).toBe(0);
  });

  it('finishes once, after the write of the first end, and takes nothing after it', async () => {
    const { port, session, finalize, slices, written } = intake();
    await port.take(session, 0, { type: 'ended', at: 4_000, reason: 'media-ended', error: 'recorder-failed' });
    await Promise.resolve();
    expect(finalize).toHaveBeenCalledTimes(1);
    expect(written).toEqual([0]);
    expect(session.record.error).toBe('recorder-failed');
    expect(session.record.timeline).toMatchObject({ state: 'finalizing', endedAt: 4_000, endReason: 'media-ended' });
    await port.take(session, 1, { type: 'ended', at: 5_000, reason: 'user' });
    await port.take(session, 2, { type: 'slice', seq: 1, data });
    await Promise.resolve();
    expect(finalize).toHaveBeenCalledTimes(1);
    expect(slices.store).not.toHaveBeenCalled();
    expect(session.record.lastMessage).toBe(0);
  });

  it('keeps the press of Stop the end carries, where finishing cuts the file', async () => {
    const { port, session } = intake();
    await port.take(session, 0, { type: 'ended', at: 4_000, reason: 'user', endAtMs: 2_950 });
    expect(session.record.endAtMs).toBe(2_950);
  });

  it('keeps only the signals it knows of', async () => {
    const { port, session } = intake();
    await port.take(session, 0, { type: 'signal', missing: ['picture', 'smell' as never] });
    expect(session.record.missingSignals).toEqual(['picture']);
  });

  it('goes on with the next message when one could not be handled', async () => {
    const { port, session, slices } = intake();
    slices.store.mockRejectedValueOnce(new Error('broken'));
    const logged = vi.spyOn(console, 'error').mockImplementationOnce(() => undefined);
    await port.take(session, 0, { type: 'slice', seq: 0, data });
    expect(logged).toHaveBeenCalledTimes(1);
    await port.take(session, 1, { type: 'slice', seq: 1, data });
    expect(session.record.lastMessage).toBe(1);
  });

  it('reads a long recording along every minute of slices from the second on, and not once stopping', async () => {
    const { port, session, readAlong } = intake();
    session.record.timeline = { ...session.record.timeline, state: 'recording' };
    const total = READ_ALONG_FROM_SLICES + 2 * READ_ALONG_EVERY_SLICES;
    for (let n = 0; n < total; n++) await port.take(session, n, { type: 'slice-stored', seq: n, size: 1 });
    expect(readAlong).toHaveBeenCalledTimes(3);
    expect(readAlong).toHaveBeenCalledWith(session.record);
    session.record.timeline = { ...session.record.timeline, state: 'stopping' };
    for (let n = total; n < total + READ_ALONG_EVERY_SLICES; n++) {
      await port.take(session, n, { type: 'slice-stored', seq: n, size: 1 });
    }
    expect(readAlong).toHaveBeenCalledTimes(3);
  });
});
