/** Saves a recording's finished file to the user's downloads folder and waits until it is on disk. */

import { downloadFinished, startDownload } from '../platform/background/downloads';
import type { RecordingStore } from '../platform/recording-store';
import { fallbackFileName, renderFileName } from '../shared/file-name';
import type { RecordingRecord } from '../shared/recording-record';
import type { FinalFileFacts } from '../shared/final-file';
import { withFinalFileUrl } from './final-file-url';
import { t } from '../platform/i18n';

export interface SavedFile extends FinalFileFacts {
  fileName: string;
  downloadId: number;
  /** The downloads API refused the name from the template; the file has the plain fallback name. */
  nameRefused?: boolean;
}

const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** Test builds only: a page title holding this has its name refused by the real downloads API. */
const REFUSE_NAME_FOR_TEST = 'refuse-name-for-test';

export async function saveRecordingFile(
  store: RecordingStore,
  record: RecordingRecord,
  onProgress: (fraction: number) => void,
): Promise<SavedFile> {
  if (!record.format) throw new Error('A recording without a format cannot be saved');
  const word = t('fileName_fallback');
  const suffix = record.part > 1 ? t('fileName_part', String(record.part)) : '';
  const startedAt = new Date(record.createdAt);
  const fileName = renderFileName(
    record.fileNameTemplate,
    { title: record.pageTitle, pageUrl: record.pageUrl, mediaTitle: record.mediaTitle, startedAt },
    record.format.extension,
    suffix,
    word,
  );
  const plainName = fallbackFileName(word, startedAt, record.format.extension, suffix);
  return withFinalFileUrl(store, record, onProgress, async (file) => {
    const download = (filename: string) => startDownload(file.url, filename, record.askWhereToSave);
    let downloadId: number;
    let nameRefused = false;
    try {
      // A back-reference, which both browsers refuse, stands for a name they would refuse.
      const asked = __TEST__ && record.pageTitle.includes(REFUSE_NAME_FOR_TEST) ? `../${fileName}` : fileName;
      downloadId = await download(asked);
    } catch (error) {
      // Names are made to be accepted (shared/file-name.ts), but a browser may know a rule
      // we do not: a save must never fail for its name.
      if (fileName === plainName) throw error;
      console.warn('Media Recorder: the downloads API refused the name', JSON.stringify(fileName), error);
      downloadId = await download(plainName);
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
      nameRefused,
    };
  });
}

export { showDownload as showSavedFile } from '../platform/background/downloads';
