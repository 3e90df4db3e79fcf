/**
 * What happens on disk after Stop: when the download first shows in the downloads folder
 * (Chromium's `.crdownload`, Firefox's `.part` or its empty placeholder), and how much the
 * extension's storage holds meanwhile, polled often enough to see a finishing that takes a
 * fraction of a second.
 */

import { readdirSync } from 'node:fs';
import { folderBytes } from '../bench/files';

const POLL_MS = 20;
const STORAGE_POLL_MS = 100;

export class AfterStopWatch {
  downloadStartedAt: number | undefined;
  storagePeak = 0;
  storageSamples = 0;
  private timers: ReturnType<typeof setInterval>[] = [];

  constructor(
    private readonly downloads: string,
    private readonly before: string[],
    private readonly storageDirs: string[],
  ) {}

  storageBytes(): number {
    return this.storageDirs.reduce((sum, dir) => sum + folderBytes(dir), 0);
  }

  start(): void {
    const pollDownloads = () => {
      if (this.downloadStartedAt !== undefined) return;
      let names: string[] = [];
      try {
        names = readdirSync(this.downloads);
      } catch {
        return;
      }
      if (names.some((name) => !this.before.includes(name))) this.downloadStartedAt = Date.now();
    };
    const pollStorage = () => {
      this.storagePeak = Math.max(this.storagePeak, this.storageBytes());
      this.storageSamples++;
    };
    this.timers.push(setInterval(pollDownloads, POLL_MS), setInterval(pollStorage, STORAGE_POLL_MS));
  }

  stop(): void {
    this.timers.forEach(clearInterval);
    this.timers = [];
  }
}
