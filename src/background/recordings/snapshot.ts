/** What the extension's pages are shown of one recording, at one moment. */

import type { RecordingSnapshot } from '../../platform/messaging/protocol';
import { partIdsOf, partsSummary } from '../../shared/parts';
import type { RecordingRecord } from '../../shared/recording-record';
import { elapsedMs, isCapturing } from '../../shared/recording-state';
import type { Session } from './session-table';

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

/**
 * A recording joined from parts, shown as one under its first part's id: the latest part's
 * state while it records, the time and bytes of all parts, and how many there are.
 */
function joinedSnapshot(head: Session, parts: Session[], waiting: boolean, now: number): RecordingSnapshot {
  const latest = parts.at(-1)!.record;
  const shown = snapshotOf(head.record, head.progress, now);
  const capturing = isCapturing(latest.timeline.state);
  return {
    ...shown,
    mediaId: latest.mediaId,
    state: capturing || waiting ? latest.timeline.state : head.record.timeline.state,
    elapsedMs: parts.reduce((sum, { record }) => sum + elapsedMs(record.timeline, now), 0),
    bytes: parts.reduce((sum, { record }) => sum + record.bytes, 0),
    endReason: capturing || waiting ? undefined : latest.timeline.endReason,
    parts: { ...partsSummary(parts.map(({ record }) => record)), waiting },
  };
}

/**
 * The snapshots of `sessions` (one tab's), parts of a joined recording folded into one.
 * `isWaiting`: whether a part waits for the page's next source.
 */
export function snapshotsOf(
  sessions: Session[],
  get: (id: string) => Session | undefined,
  chain: { isWaiting(id: string): boolean },
  now: number,
): RecordingSnapshot[] {
  return sessions
    .filter(({ record }) => !record.joinedTo)
    .map((session) => {
      const ids = partIdsOf(session.record);
      if (!session.record.joinParts) return snapshotOf(session.record, session.progress, now);
      const parts = ids.flatMap((id) => get(id) ?? []);
      const waiting = chain.isWaiting(ids.at(-1)!);
      if (parts.length <= 1 && !waiting) return snapshotOf(session.record, session.progress, now);
      return joinedSnapshot(session, parts, waiting, now);
    });
}
