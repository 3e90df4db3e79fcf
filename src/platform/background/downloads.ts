/** The downloads API: a file saved from a URL, known to be on disk, shown in its folder. */

import browser, { type Downloads } from 'webextension-polyfill';

export function startDownload(url: string, filename: string, saveAs: boolean): Promise<number> {
  return browser.downloads.download({ url, filename, conflictAction: 'uniquify', saveAs });
}

/**
 * Has the browser load its list of downloads now, as a Stop is pressed: it does at the first
 * use of the API in a session, which otherwise falls inside the first save's
 * `downloads.download` (about 150 ms in Firefox), between Stop and the download.
 */
export function wakeDownloads(): void {
  void browser.downloads.search({ limit: 1 }).catch(() => undefined);
}

/** Resolves with the path the file was saved at once it is complete; rejects if it is interrupted. */
export function downloadFinished(downloadId: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const settle = async () => {
      const [item] = await browser.downloads.search({ id: downloadId });
      if (!item) return reject(new Error('The download disappeared'));
      if (item.state === 'complete') resolve(item.filename);
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

/** Opens the folder of a download, the file selected; false when it is gone. */
export async function showDownload(downloadId: number): Promise<boolean> {
  try {
    await browser.downloads.show(downloadId);
    return true;
  } catch {
    return false;
  }
}
