/** Pause, resume or stop one recording, whoever asks (popup, context menu, shortcut). */

import { sendToFrame, type ActionResult, type ControlAction } from '../platform/messaging/protocol';
import type { RecordingRegistry } from './recording-registry';

export function recordingController(registry: RecordingRegistry) {
  return async function controlRecording(shownId: string, action: ControlAction): Promise<ActionResult> {
    // A recording joined from parts is shown under its first part's id; its latest part records.
    const recordingId = registry.currentPartOf(shownId);
    if (action === 'stop' && (await registry.stopWaiting(recordingId))) return { ok: true };
    const record = registry.get(recordingId);
    if (!record) return { ok: false, error: 'media-gone' };
    const stopping = action === 'stop' && registry.requestStop(recordingId);
    const result: ActionResult = await sendToFrame(record.tabId, record.frameId, 'control-capture', {
      recordingId,
      action,
    }).catch(() => ({ ok: false, error: 'media-gone' }) as const);
    // The page has no such recorder any more: end it here, from what was stored.
    if (stopping && !result.ok) registry.stopUnanswered(recordingId);
    return stopping ? { ok: true } : result;
  };
}
