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

export class PortIntake {
  constructor(
    private readonly table: Pick<SessionTable, 'apply' | 'saveRecord'>,
    private readonly slices: Pick<SliceIntake, 'store' | 'countStored' | 'watchSpace'>,
    /** Makes the file of a recording the page said has ended. */
    private readonly finalize: (session: Session) => Promise<void>,
  ) {}

  /** Handles one numbered message after the ones before it; resolves once it is stored. */
  take(session: Session, n: number, message: RecordingPortMessage): Promise<void> {
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
        await this.slices.watchSpace(record);
        break;
      case 'slice-stored':
        this.slices.countStored(record, message.size, message.webmScan);
        await this.slices.watchSpace(record);
        break;
      case 'signal':
        record.missingSignals = Array.isArray(message.missing) ? message.missing.filter(isSignal) : [];
        break;
      case 'ended':
        if (message.error) record.error = message.error;
        if (message.endAtMs !== undefined) record.endAtMs = message.endAtMs;
        // After this message's own write, which finalize waits for.
        if (this.table.apply(session, { type: 'ended', at: message.at, reason: message.reason }, false)) {
          queueMicrotask(() => void this.finalize(session));
        }
        break;
    }
    record.lastMessage = n;
    await this.table.saveRecord(record);
  }
}
