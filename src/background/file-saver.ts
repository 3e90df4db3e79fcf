/** Saves a recording's finished file to the user's downloads folder and waits until it is on disk. */

import { downloadFinished, startDownload, wakeDownloads } from '../platform/background/downloads';
import type { RecordingStore } from '../platform/recording-store';
import { fallbackFileName, renderFileName } from '../shared/file-name';
import { fileNameTime } from '../shared/format';
import type { RecordingRecord } from '../shared/recording-record';
import type { FinalFileFacts } from '../shared/final-file';
import { readAheadFinalFile, withFinalFileUrl } from './final-file-url';
import { t } from '../platform/i18n';
import type { PreparedFile } from '../platform/messaging/protocol';
import type { SectionRange } from '../shared/file-pieces';

export interface SavedFile extends FinalFileFacts {
  fileName: string;
  downloadId: number;
  /** The downloads API refused the name from the template; the file has the plain fallback name. */
  nameRefused?: boolean;
}

/** A saved file, or, for a recording joined from parts, why its parts cannot share one (nothing was saved). */
export type SaveResult = SavedFile | { cannotShare: string };

const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** Test builds only: a page title holding this has its name refused by the real downloads API. */
const REFUSE_NAME_FOR_TEST = 'refuse-name-for-test';

/** As a Stop is pressed: prepares what saving the file needs first (see final-file-url.ts). */
export function prepareRecordingFile(store: RecordingStore, record: RecordingRecord): void {
  readAheadFinalFile(store, record);
  wakeDownloads();
}

export async function saveRecordingFile(
  store: RecordingStore,
  record: RecordingRecord,
  onProgress: (fraction: number) => void,
): Promise<SaveResult> {
  const suffix = record.part > 1 ? t('fileName_part', String(record.part)) : '';
  return withFinalFileUrl(store, record, onProgress, (file) => download(record, file, suffix));
}

/**
 * Saves a section of a finished recording as a file of its own, named after the recording
 * with the section's times. Cut by the index at key frames: the slices are needed.
 */
export async function saveSectionFile(
  store: RecordingStore,
  record: RecordingRecord,
  section: SectionRange,
): Promise<SavedFile> {
  const saved = await withFinalFileUrl(
    store,
    record,
    () => undefined,
    (file) => {
      const cut = file.section ?? section;
      return download(record, file, t('fileName_section', [fileNameTime(cut.startMs), fileNameTime(cut.endMs)]));
    },
    { section },
  );
  if ('cannotShare' in saved) throw new Error(`the parts cannot share a file: ${saved.cannotShare}`);
  return saved;
}

/** Downloads a lent file under the recording's name (the template's) with `suffix`, and waits until it is on disk. */
async function download(record: RecordingRecord, file: PreparedFile, suffix: string): Promise<SavedFile> {
  if (!record.format) throw new Error('A recording without a format cannot be saved');
  const word = t('fileName_fallback');
  const startedAt = new Date(record.createdAt);
  const fileName = renderFileName(
    record.fileNameTemplate,
    { title: record.pageTitle, pageUrl: record.pageUrl, mediaTitle: record.mediaTitle, startedAt },
    record.format.extension,
    suffix,
    word,
  );
  const plainName = fallbackFileName(word, startedAt, record.format.extension, suffix);
  const start = async (filename: string) => {
    const calledAt = Date.now();
    const id = await startDownload(file.url, filename, record.askWhereToSave);
    // Once a save: how long the browser took to take the download on (a long file's is timed by bench:long).
    console.info(`Media Recorder: download ${id} taken on by the browser in ${Date.now() - calledAt} ms`);
    return id;
  };
  let downloadId: number;
  let nameRefused = false;
  try {
    // A back-reference, which both browsers refuse, stands for a name they would refuse.
    const asked = __TEST__ && record.pageTitle.includes(REFUSE_NAME_FOR_TEST) ? `../${fileName}` : fileName;
    downloadId = await start(asked);
  } catch (error) {
    // Names are made to be accepted (shared/file-name.ts), but a browser may know a rule
    // we do not: a save must never fail for its name.
    if (fileName === plainName) throw error;
    console.warn('Media Recorder: the downloads API refused the name', JSON.stringify(fileName), error);
    downloadId = await start(plainName);
    nameRefused = true;
  }
  const savedAt = await downloadFinished(downloadId);
  return {
    fileName: baseName(savedAt) || fileName,
    downloadId,
    finalized: file.finalized,
    durationSeconds: file.durationSeconds,
    size: file.size,
    composed: file.composed,
    section: file.section,
    nameRefused,
  };
}

export { showDownload as showSavedFile } from '../platform/background/downloads';
