/**
 * The page's end of one recording's link to the background, built to lose nothing when
 * the background goes away mid-recording (Chromium stops idle or updated service workers;
 * Firefox suspends event pages). Every message is numbered and kept until the background
 * acknowledges it — for a slice, once it is in IndexedDB. When the port drops, the link
 * reconnects and sends again whatever was not acknowledged; the background skips what it
 * already has. The bookkeeping is shared/link-ledger.ts; this is its port and timers.
 */

import { type RecordingPortMessage } from '../platform/messaging/protocol';
import { openRecordingPort, type RecordingPortSender } from '../platform/messaging/recording-port';
import { LinkLedger } from '../shared/link-ledger';
import { reportEventForTest } from './test-page-report';

export class RecordingLink {
  private port: RecordingPortSender | undefined;
  private readonly ledger = new LinkLedger<RecordingPortMessage>();
  private closed = false;
  private connections = 0;

  /** `onLost`: the background could not be reached again; what was acknowledged is safe. */
  constructor(
    private readonly recordingId: string,
    private readonly onLost: () => void,
  ) {
    this.connect();
  }

  send(message: RecordingPortMessage): void {
    if (this.closed) return;
    const entry = this.ledger.add(message);
    if (!entry) {
      this.fail();
      return;
    }
    this.port?.post(entry.n, entry.message);
  }

  /** Resolves once everything sent was acknowledged (or the link failed). */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.ledger.unacknowledged.length > 0 && !this.closed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    this.closed = true;
    this.port?.close();
    this.port = undefined;
  }

  private connect(): void {
    let port: RecordingPortSender;
    try {
      port = openRecordingPort(this.recordingId, (n) => this.ledger.acknowledge(n));
    } catch {
      // The extension was reloaded or removed: this page's script can no longer reach it.
      this.fail();
      return;
    }
    this.port = port;
    // Lets tests see that the background really went away and came back.
    if (__TEST__ && this.connections++ > 0) {
      reportEventForTest(`link:reconnected:${this.ledger.unacknowledged.length}`);
    }
    port.onLost(() => this.reconnect());
    for (const entry of this.ledger.unacknowledged) port.post(entry.n, entry.message);
  }

  private reconnect(): void {
    this.port = undefined;
    if (this.closed) return;
    const delay = this.ledger.nextReconnectDelay();
    if (delay === undefined) {
      this.fail();
      return;
    }
    setTimeout(() => !this.closed && this.connect(), delay);
  }

  private fail(): void {
    if (this.closed) return;
    this.close();
    this.onLost();
  }
}
