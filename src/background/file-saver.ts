/** Saves a recording's finished file to the user's downloads folder and waits until it is on disk. */

import browser, { type Downloads } from 'webextension-polyfill';
import type { ChunkStore } from '../shared/chunk-store';
import { renderFileName } from '../shared/file-name';
import type { RecordingRecord } from '../shared/recording-record';
import { withFinalFileUrl } from './final-file-url';
import { t } from '../platform/i18n';

export interface SavedFile {
  fileName: string;
  downloadId: number;
  finalized: boolean;
  durationSeconds: number | undefined;
  size: number;
}

function downloadFinished(downloadId: number): Promise<Downloads.DownloadItem> {
  return new Promise((resolve, reject) => {
    const settle = async () => {
      const [item] = await browser.downloads.search({ id: downloadId });
      if (!item) return reject(new Error('The download disappeared'));
      if (item.state === 'complete') resolve(item);
      else if (item.state === 'interrupted') reject(new Error(`Download interrupted: ${item.error ?? 'unknown'}`));
      else return;
      browser.downloads.onChanged.removeListener(onChanged);
    };
    const onChanged = (delta: Downloads.OnChangedDownloadDeltaType) => {
      if (delta.id === downloadId && delta.state) void settle().catch(reject);
    };
    browser.downloads.onChanged.addListener(onChanged);
    // It may have finished before the listener was attached.
    void settle().catch(reject);
  });
}

const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

export async function saveRecordingFile(
  store: ChunkStore,
  record: RecordingRecord,
  onProgress: (fraction: number) => void,
): Promise<SavedFile> {
  if (!record.format) throw new Error('A recording without a format cannot be saved');
  const fileName = renderFileName(
    record.fileNameTemplate,
    {
      title: record.pageTitle,
      pageUrl: record.pageUrl,
      mediaTitle: record.mediaTitle,
      startedAt: new Date(record.createdAt),
    },
    record.format.extension,
    record.part > 1 ? t('fileName_part', String(record.part)) : '',
  );
  return withFinalFileUrl(store, record, onProgress, async (file) => {
    const downloadId = await browser.downloads.download({
      url: file.url,
      filename: fileName,
      conflictAction: 'uniquify',
      saveAs: record.askWhereToSave,
    });
    const item = await downloadFinished(downloadId);
    return {
      fileName: baseName(item.filename) || fileName,
      downloadId,
      finalized: file.finalized,
      durationSeconds: file.durationSeconds,
      size: file.size,
    };
  });
}

export async function showSavedFile(downloadId: number): Promise<boolean> {
  try {
    await browser.downloads.show(downloadId);
    return true;
  } catch {
    return false;
  }
}
