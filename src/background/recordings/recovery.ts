/**
 * What becomes of stored recordings beyond the page that made them: those a crash or
 * restart left unfinished are finished from what was stored; finished ones are deleted on
 * the user's word.
 */

import type { RecordingStore } from '../../platform/recording-store';
import type { ErrorCode } from '../../shared/errors';
import type { RecordingRecord } from '../../shared/recording-record';
import { isCapturing, isFinal } from '../../shared/recording-state';
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
  finishing: Pick<Finishing, 'end' | 'finalize'>,
): Promise<number> {
  let recovered = 0;
  for (const record of await store.listRecordings()) {
    const state = record.timeline.state;
    if (table.get(record.id) || (!isCapturing(state) && state !== 'finalizing')) continue;
    const session = table.track(record);
    recovered++;
    if (!isCapturing(state)) {
      record.recovered = true;
      void finishing.finalize(session);
      continue;
    }
    record.recovered = cause === 'browser-start';
    if (cause === 'extension-update') record.error ??= 'extension-unreachable';
    // The last moment we know it was recording is when its record was last written.
    finishing.end(session, cause === 'extension-update' ? 'error' : 'cut-short', record.updatedAt);
  }
  return recovered;
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
  await session.writes;
  table.forget(id);
  await deleteFile(session.record);
  await store.deleteRecording(id);
  return undefined;
}
