/**
 * What happens on disk after Stop: when the download first shows in the downloads folder
 * (Chromium's `.crdownload`, Firefox's `.part` or its empty placeholder), and how much the
 * extension's storage holds meanwhile, polled often enough to see a finishing that takes a
 * fraction of a second.
 */

import { readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { folderBytes } from '../bench/files';

const POLL_MS = 20;
/** Blob files of IndexedDB: Chromium's `<origin>.indexeddb.blob/`, Firefox's `idb/<db>.files/`. */
const SLICE_FILE = /\.indexeddb\.blob\/|\/idb\/[^/]+\.files\//;
const STORAGE_POLL_MS = 100;

export class AfterStopWatch {
  downloadStartedAt: number | undefined;
  storagePeak = 0;
  storageSamples = 0;
  /** Bytes by file, at Stop and at the peak: where the extra storage went. */
  private atStart = new Map<string, number>();
  private atPeak = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private walker: Worker | undefined;

  constructor(
    private readonly downloads: string,
    private readonly before: string[],
    private readonly storageDirs: string[],
  ) {}

  storageBytes(): number {
    return this.storageDirs.reduce((sum, dir) => sum + folderBytes(dir), 0);
  }

  /**
   * Bytes of slice files that appeared after Stop, at the peak: the recording's last slices
   * (the recorder runs on 300 ms after the press, and the last ones may still be landing),
   * not anything finishing wrote. Each slice is one blob file of the extension's IndexedDB.
   */
  newSliceBytes(): number {
    let bytes = 0;
    for (const [file, size] of this.atPeak) {
      if (!this.atStart.has(file) && SLICE_FILE.test(file)) bytes += size;
    }
    return bytes;
  }

  /** The files that grew most from Stop to the peak, with their growth in bytes. */
  grownFiles(count = 5): { file: string; bytes: number }[] {
    return [...this.atPeak]
      .map(([file, bytes]) => ({ file, bytes: bytes - (this.atStart.get(file) ?? 0) }))
      .filter((grown) => grown.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, count);
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
    this.walker = new Worker(STORAGE_WALKER, {
      eval: true,
      workerData: { dirs: this.storageDirs, intervalMs: STORAGE_POLL_MS },
    });
    this.timer = setInterval(pollDownloads, POLL_MS);
  }

  /** Stops watching; resolves once the storage walker reported. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    const walker = this.walker;
    if (!walker) return;
    this.walker = undefined;
    const report = await new Promise<{
      peak: number;
      samples: number;
      atStart: [string, number][];
      atPeak: [string, number][];
    }>((resolve, reject) => {
      walker.once('message', resolve);
      walker.once('error', reject);
      walker.postMessage('stop');
    });
    await walker.terminate();
    this.storagePeak = report.peak;
    this.storageSamples = report.samples;
    this.atStart = new Map(report.atStart);
    this.atPeak = new Map(report.atPeak);
  }
}

/**
 * Walks the storage folders over and over in a thread of its own (thousands of slice files
 * take tens of ms to stat, which would delay the downloads poll here), keeping the largest
 * total seen and every file's size then. Plain JavaScript: a worker gets no TypeScript loader.
 */
const STORAGE_WALKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readdirSync, statSync } = require('node:fs');
const path = require('node:path');
function sizes(dirs) {
  const found = new Map();
  const walk = (dir) => {
    let names;
    try { names = readdirSync(dir); } catch { return; }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        const stat = statSync(file);
        if (stat.isDirectory()) walk(file);
        else if (stat.isFile()) found.set(file, stat.size);
      } catch {}
    }
  };
  dirs.forEach(walk);
  return found;
}
const total = (map) => [...map.values()].reduce((sum, bytes) => sum + bytes, 0);
const atStart = sizes(workerData.dirs);
let peak = total(atStart), atPeak = atStart, samples = 0, stopped = false;
parentPort.on('message', () => (stopped = true));
const poll = () => {
  const now = sizes(workerData.dirs);
  const bytes = total(now);
  if (bytes > peak) [peak, atPeak] = [bytes, now];
  samples++;
  if (stopped) parentPort.postMessage({ peak, samples, atStart: [...atStart], atPeak: [...atPeak] });
  else setTimeout(poll, workerData.intervalMs);
};
poll();
`;
