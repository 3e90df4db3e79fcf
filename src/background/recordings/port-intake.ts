/**
 * The background's handling of one recording's port messages: one at a time, in order,
 * each only once (a reconnected page sends again what it saw no acknowledgement for), and
 * none after the recording ended here.
 */

import { isSignal } from '../../shared/signal-check';
import { isCapturing } from '../../shared/recording-state';
import type { RecordingPortMessage } from '../../platform/messaging/protocol';
import type { Session, SessionTable } from './session-table';
import type { SliceIntake } from './slice-intake';
import type { RecordingRecord } from '../../shared/recording-record';
import { readsAlongAt } from './read-along';

export class PortIntake {
  constructor(
    private readonly table: Pick<SessionTable, 'apply' | 'saveRecord'>,
    private readonly slices: Pick<SliceIntake, 'store' | 'countStored' | 'watchSpace'>,
    /**
     * Makes the file of a recording the page said has ended; `allTold`: the page told of
     * every slice it stored before its end (see the 'ended' case).
     */
    private readonly finalize: (session: Session, allTold: boolean) => Promise<void>,
    /** Reads a long recording's stored slices along, for a Stop that reads only the newest (read-along.ts). */
    private readonly readAlong: (record: RecordingRecord) => void = () => undefined,
  ) {}

  /** Handles one numbered message after the ones before it; resolves once it is stored. */
  take(session: Session, n: number, message: RecordingPortMessage): Promise<void> {
    // Counted as it comes, before the writes ahead of it: what Stop's wait goes by (finishing.ts).
    if (message.type === 'slice' || message.type === 'slice-stored')
      session.slicesHeard = (session.slicesHeard ?? 0) + 1;
    const handled = session.writes.then(() => this.handle(session, n, message));
    session.writes = handled.catch((error) => console.error('Media Recorder: could not handle', message.type, error));
    return session.writes;
  }

  private async handle(session: Session, n: number, message: RecordingPortMessage): Promise<void> {
    const { record } = session;
    // Sent again after a reconnection, and already handled.
    if (n <= record.lastMessage) return;
    // Ended here already (a Stop the page never answered): its file is being made from
    // what was stored, and nothing more joins it.
    if (!isCapturing(record.timeline.state)) return;
    switch (message.type) {
      case 'started':
      case 'paused':
      case 'resumed':
        this.table.apply(session, message, false);
        break;
      case 'slice':
        await this.slices.store(record, message.seq, message.data);
        this.sliceAdded(record);
        await this.slices.watchSpace(record);
        break;
      case 'slice-stored':
        this.slices.countStored(record, message.size, message.webmScan);
        this.sliceAdded(record);
        await this.slices.watchSpace(record);
        break;
      case 'signal':
        record.missingSignals = Array.isArray(message.missing) ? message.missing.filter(isSignal) : [];
        break;
      case 'ended':
        if (message.error) record.error = message.error;
        if (message.endAtMs !== undefined) record.endAtMs = message.endAtMs;
        // After this message's own write, which finalize waits for. The page stores a slice,
        // then tells of it, then the next (content/slice-queue.ts), and sends its end after
        // the last news on this same ordered port: every slice stored was told of, unless a
        // slice failed on its way, which the page's end says (an error).
        if (this.table.apply(session, { type: 'ended', at: message.at, reason: message.reason }, false)) {
          const allTold = message.error === undefined;
          queueMicrotask(() => void this.finalize(session, allTold));
        }
        break;
    }
    record.lastMessage = n;
    await this.table.saveRecord(record);
  }

  private sliceAdded(record: RecordingRecord): void {
    // Not once Stop was pressed: its own read ahead takes the rest.
    if (record.timeline.state !== 'stopping' && readsAlongAt(record.sliceCount)) this.readAlong(record);
  }
}
