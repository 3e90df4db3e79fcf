/** What a save gives a recording's record. */

import type { ErrorCode } from '../../shared/errors';
import type { RecordingRecord } from '../../shared/recording-record';
import type { SavedFile } from '../file-saver';

/** What an earlier save left in `error`, cleared when a save goes well. */
const SAVE_NOTICES: readonly ErrorCode[] = ['download-failed', 'finalize-failed', 'file-name-refused'];

/** Takes what a save gave into the record, and what it means for the user's notice. */
export function recordSaved(record: RecordingRecord, saved: SavedFile): void {
  record.fileName = saved.fileName;
  record.downloadId = saved.downloadId;
  record.finalized = saved.finalized;
  record.fileSize = saved.size;
  record.composed = saved.composed ?? false;
  if (saved.durationSeconds !== undefined) record.durationMs = Math.round(saved.durationSeconds * 1000);
  if (!saved.finalized) record.error = 'finalize-failed';
  else if (saved.nameRefused) record.error = 'file-name-refused';
  else if (record.error && SAVE_NOTICES.includes(record.error)) record.error = undefined;
}
