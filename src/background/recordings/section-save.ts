/**
 * Saving a section of a finished recording as a new file (the library's trim, issue #18):
 * cut by the index at key frames from the stored slices, so only recordings whose slices
 * and index are still stored can be cut. The recording itself stays as it was.
 */

import type { ErrorCode } from '../../shared/errors';
import type { SectionRange } from '../../shared/file-pieces';
import type { RecordingRecord } from '../../shared/recording-record';
import { cutRefusal } from '../../shared/section-edit';
import { isFinal } from '../../shared/recording-state';
import type { SavedFile } from '../file-saver';
import type { SessionTable } from './session-table';

export type SectionSaveResult = { fileName: string; section: SectionRange } | { error: ErrorCode };

export interface SectionSaveDeps {
  saveSection(record: RecordingRecord, section: SectionRange): Promise<SavedFile>;
}

export async function saveSection(
  table: Pick<SessionTable, 'load'>,
  deps: SectionSaveDeps,
  id: string,
  section: SectionRange,
): Promise<SectionSaveResult> {
  const session = await table.load(id);
  if (!session) return { error: 'media-gone' };
  const { record } = session;
  if (!isFinal(record.timeline.state)) return { error: 'already-recording' };
  const refusal = cutRefusal(record);
  if (refusal) return { error: refusal };
  try {
    const saved = await deps.saveSection(record, section);
    return { fileName: saved.fileName, section: saved.section ?? section };
  } catch (error) {
    console.error('Media Recorder: could not save the section', error);
    return { error: 'download-failed' };
  }
}
