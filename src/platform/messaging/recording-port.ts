/**
 * Both ends of a recording's port: the content script sends numbered messages (slices,
 * state changes), the background acknowledges each once it is safely handled.
 */

import browser from 'webextension-polyfill';
import { parsePortMessage, type RecordingPortMessage } from '../../shared/recording-port-message';
import { isFromThisExtension } from './channel';

export type { RecordingPortMessage } from '../../shared/recording-port-message';

const RECORDING_PORT_PREFIX = 'recording:';

/** The content script's end of a recording's port. */
export interface RecordingPortSender {
  /** `n` numbers the message; the background acknowledges it once it is safely handled. */
  post(n: number, message: RecordingPortMessage): void;
  close(): void;
  /** Called when the background's end goes away (not when we close it). */
  onLost(listener: () => void): void;
}

/** Content script → background: a numbered message. Background → content: an acknowledgement. */
interface PortEnvelope {
  n: number;
  message: RecordingPortMessage;
}
interface PortAck {
  ack: number;
}

export function openRecordingPort(recordingId: string, onAck: (n: number) => void): RecordingPortSender {
  const port = browser.runtime.connect({ name: RECORDING_PORT_PREFIX + recordingId });
  let open = true;
  port.onDisconnect.addListener(() => {
    open = false;
  });
  port.onMessage.addListener((reply: unknown) => {
    const ack = (reply as Partial<PortAck> | null)?.ack;
    if (typeof ack === 'number') onAck(ack);
  });
  return {
    post: (n, message) => {
      if (!open) return;
      try {
        port.postMessage({ n, message } satisfies PortEnvelope);
      } catch {
        // Disconnected under us; onDisconnect follows and the message is sent again.
        open = false;
      }
    },
    close: () => {
      open = false;
      port.disconnect();
    },
    onLost: (listener) => port.onDisconnect.addListener(listener),
  };
}

export interface RecordingPortEvents {
  /** Resolves once the message is safely handled (a slice: written to storage). */
  message(n: number, message: RecordingPortMessage): Promise<void>;
  /** The content script went away: page navigated or closed, frame removed, or it was done. */
  disconnect(): void;
}

/**
 * Background side: `accept` is given the recording id and the sending tab and frame, and
 * returns the listeners for that recording, or undefined to refuse the port. It may take
 * its time (a restarted background reads the recording back from storage): messages wait.
 */
export function onRecordingPort(
  accept: (recordingId: string, tabId: number, frameId: number) => Promise<RecordingPortEvents | undefined>,
): void {
  browser.runtime.onConnect.addListener((port) => {
    if (!port.name.startsWith(RECORDING_PORT_PREFIX)) return;
    const sender = port.sender;
    const tabId = sender?.tab?.id;
    if (!sender || !isFromThisExtension(sender) || tabId === undefined || sender.frameId === undefined) {
      port.disconnect();
      return;
    }
    let connected = true;
    const early: PortEnvelope[] = [];
    let events: RecordingPortEvents | undefined;
    const handle = (envelope: PortEnvelope) => {
      void events!.message(envelope.n, envelope.message).then(() => {
        if (connected) port.postMessage({ ack: envelope.n } satisfies PortAck);
      });
    };
    port.onMessage.addListener((received: unknown) => {
      const n = (received as Partial<PortEnvelope> | null)?.n;
      const message = parsePortMessage((received as Partial<PortEnvelope> | null)?.message);
      // Not one of ours, or not well formed: dropped before it reaches storage or a timeline.
      if (!Number.isSafeInteger(n) || !message) return;
      const envelope: PortEnvelope = { n: n!, message };
      if (events) handle(envelope);
      else early.push(envelope);
    });
    port.onDisconnect.addListener(() => {
      connected = false;
      events?.disconnect();
    });
    void accept(port.name.slice(RECORDING_PORT_PREFIX.length), tabId, sender.frameId).then((accepted) => {
      if (!connected) return accepted?.disconnect();
      if (!accepted) return port.disconnect();
      events = accepted;
      for (const envelope of early.splice(0)) handle(envelope);
    });
  });
}
