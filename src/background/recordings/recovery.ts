/**
 * What becomes of stored recordings beyond the page that made them: those a crash or
 * restart left unfinished are finished from what was stored; finished ones are deleted on
 * the user's word.
 */

import type { RecordingStore } from '../../platform/recording-store';
import type { ErrorCode } from '../../shared/errors';
import type { RecordingRecord } from '../../shared/recording-record';
import { isCapturing, isFinal } from '../../shared/recording-state';
import { awaitsNextPart, partIdsOf } from '../../shared/parts';
import type { Finishing } from './finishing';
import type { SessionTable } from './session-table';

/** Why the background started: see `recoverInterrupted`. */
export type BackgroundStart = 'browser-start' | 'extension-update' | 'background-restart';

/**
 * Finishes the recordings a crash or restart left unfinished, from what was stored: those
 * still recording that no page came back for, and those that were being finalized.
 * `cause` is why this background started, which is why a recording was left: the browser
 * started again (it had closed or crashed), the extension was updated or reloaded (its
 * pages' scripts lost contact for good), or only the background restarted (the page went
 * away meanwhile). Returns how many it took up.
 */
export async function recoverInterrupted(
  cause: BackgroundStart,
  store: Pick<RecordingStore, 'listRecordings'>,
  table: Pick<SessionTable, 'get' | 'track'>,
  finishing: Pick<Finishing, 'end' | 'finalize' | 'chain'>,
): Promise<number> {
  // All are taken up before any is finished: a joined recording's parts are saved together,
  // once none of them is left recording.
  const taken = (await store.listRecordings()).flatMap((record) => {
    const state = record.timeline.state;
    return table.get(record.id) || (!isCapturing(state) && state !== 'finalizing') ? [] : [table.track(record)];
  });
  for (const session of taken) {
    const { record } = session;
    if (!isCapturing(record.timeline.state)) {
      // Only the background restarted: a part may still get the page's next source.
      if (cause === 'background-restart' && awaitsNextPart(record)) {
        void finishing.chain.resumeWaiting(session);
        continue;
      }
      record.recovered = true;
      void finishing.finalize(session);
      continue;
    }
    record.recovered = cause === 'browser-start';
    if (cause === 'extension-update') record.error ??= 'extension-unreachable';
    // The last moment we know it was recording is when its record was last written.
    finishing.end(session, cause === 'extension-update' ? 'error' : 'cut-short', record.updatedAt);
  }
  return taken.length;
}

/** Deletes a finished recording: its record, its slices and, through `deleteFile`, its file. */
export async function deleteRecording(
  id: string,
  deleteFile: (record: RecordingRecord) => Promise<void>,
  store: Pick<RecordingStore, 'deleteRecording'>,
  table: Pick<SessionTable, 'load' | 'forget'>,
): Promise<ErrorCode | undefined> {
  const session = await table.load(id);
  if (!session) return 'media-gone';
  if (!isFinal(session.record.timeline.state)) return 'already-recording';
  // A joined recording goes with all its parts, whose slices its file is made of.
  const parts = (await Promise.all(partIdsOf(session.record).map((partId) => table.load(partId)))).filter(
    (part) => part !== undefined,
  );
  if (parts.some((part) => !isFinal(part.record.timeline.state))) return 'already-recording';
  await Promise.all(parts.map((part) => part.writes));
  for (const part of parts) table.forget(part.record.id);
  await deleteFile(session.record);
  for (const part of parts) await store.deleteRecording(part.record.id);
  return undefined;
}
