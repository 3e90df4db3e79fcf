/** Pause, resume or stop one recording, whoever asks (popup, context menu, shortcut). */

import { sendToFrame, type ActionResult, type ControlAction } from '../platform/messages';
import type { RecordingRegistry } from './recording-registry';

export function recordingController(registry: RecordingRegistry) {
  return async function controlRecording(recordingId: string, action: ControlAction): Promise<ActionResult> {
    const record = registry.get(recordingId);
    if (!record) return { ok: false, error: 'media-gone' };
    if (action === 'stop') registry.requestStop(recordingId);
    return sendToFrame(record.tabId, record.frameId, 'control-capture', { recordingId, action }).catch(
      () => ({ ok: false, error: 'media-gone' }) as const,
    );
  };
}
