/** Files on disk: what a folder holds, and when a download has finished landing in one. */

import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { sleep } from '../../tests/e2e/support/media-file';

/** Bytes of all files under `dir` (0 when it does not exist). */
export function folderBytes(dir: string): number {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let bytes = 0;
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    try {
      if (entry.isDirectory()) bytes += folderBytes(file);
      else if (entry.isFile()) bytes += statSync(file).size;
    } catch {
      // removed meanwhile
    }
  }
  return bytes;
}

/** Chromium writes `.crdownload`, Firefox `.part` (next to an empty placeholder with the final name). */
const isPartial = (name: string) => name.endsWith('.crdownload') || name.endsWith('.part') || name.startsWith('.');

export interface FinishedFile {
  file: string;
  /** When the finished file was first seen complete (no partial file left, size > 0), ms since the epoch. */
  landedAt: number;
}

/**
 * Waits for a new file in `folder` that is finished: no partial download left in the
 * folder, size above zero and unchanged 300 ms later. Polls every 50 ms; `landedAt` is
 * the first poll that saw it so.
 */
export async function waitForFinishedFile(folder: string, before: string[], timeoutMs: number): Promise<FinishedFile> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const names = readdirSync(folder);
    const fresh = names.filter((name) => !isPartial(name) && !before.includes(name));
    if (fresh.length && !names.some(isPartial)) {
      const seenAt = Date.now();
      const file = path.join(folder, fresh[0]!);
      const size = statSync(file).size;
      if (size > 0) {
        await sleep(300);
        if (statSync(file).size === size && !readdirSync(folder).some(isPartial)) return { file, landedAt: seenAt };
      }
    }
    await sleep(50);
  }
  throw new Error(
    `no finished download in ${folder} within ${timeoutMs} ms (found: ${readdirSync(folder).join(', ')})`,
  );
}

export function listFiles(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
