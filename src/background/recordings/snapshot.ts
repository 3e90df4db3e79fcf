/** What the extension's pages are shown of one recording, at one moment. */

import type { RecordingSnapshot } from '../../platform/messaging/protocol';
import type { RecordingRecord } from '../../shared/recording-record';
import { elapsedMs } from '../../shared/recording-state';

/** `progress`: 0–1 while its file is being built. */
export function snapshotOf(record: RecordingRecord, progress: number | undefined, now: number): RecordingSnapshot {
  return {
    id: record.id,
    frameId: record.frameId,
    mediaId: record.mediaId,
    mediaKind: record.mediaKind,
    state: record.timeline.state,
    elapsedMs: elapsedMs(record.timeline, now),
    bytes: record.bytes,
    fileName: record.fileName,
    progress,
    durationMs: record.durationMs,
    fileSize: record.fileSize,
    canShow: record.downloadId !== undefined,
    endReason: record.timeline.endReason,
    error: record.error,
    missingSignals: record.missingSignals ?? [],
  };
}
