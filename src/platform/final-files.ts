/**
 * Finished files kept in the origin private file system (OPFS), one per recording, for
 * "Download again" and the library's player. Written by the finishing document
 * (src/finishing/), read by the library, deleted by the background.
 */

import type { RecordingRecord } from '../shared/recording-record';
import { opfsFolder } from './opfs-folder';

const FOLDER = 'recordings';

/** The folder of finished files, or undefined where there is no OPFS (some private modes). */
export const finalFilesFolder = () => opfsFolder(FOLDER, true);

export const finalFileName = (record: RecordingRecord) => `${record.id}.${record.format?.extension ?? 'bin'}`;

/** The finished file of a recording, if it is on disk. */
export async function readFinalFile(record: RecordingRecord): Promise<File | undefined> {
  const folder = await finalFilesFolder();
  if (!folder || !record.finalized) return undefined;
  try {
    return await (await folder.getFileHandle(finalFileName(record))).getFile();
  } catch {
    return undefined;
  }
}

export async function deleteFinalFile(record: RecordingRecord): Promise<void> {
  const folder = await finalFilesFolder();
  await folder?.removeEntry(finalFileName(record)).catch(() => undefined);
}
