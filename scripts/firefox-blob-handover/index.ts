/**
 * Which Blobs Firefox's parent process copies into its own memory when an extension saves
 * them with `downloads.download({ url: URL.createObjectURL(blob) })` (issue #17). Each
 * shape runs in a fresh headless Firefox ESR with the probe extension (./extension): its
 * background page stores the parts, composes the file, and saves it, while this driver
 * samples the parent process's anonymous memory (/proc/<pid>/smaps_rollup).
 *
 *   flock /tmp/e2e.lock npm run probe:firefox-blob-handover -- [--mb 600] [--shapes idb-parts,idb-8,...]
 *
 * What it showed (2026-11-30, Firefox ESR 153): a Blob that reaches the parent with more
 * than 8 stored parts is copied whole into the parent's heap, whatever the nesting; with 8
 * or fewer it is read from disk as the download goes. Streamed into one OPFS file first
 * (opfs-stream-copy, what src/platform/flat-copies.ts does): +2 MB for 600 MB, 3.0 s
 * against 2.5 s. And (2026-12-01, `--mb 209 --shapes opfs-appended,opfs-file-whole`) the
 * composed shape is saved as fast as the file alone (548-593 ms against 495-636 ms):
 * Firefox's own copy speed. See README, "Long recordings".
 */

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const PORT = 8765;
const MB = 1024 * 1024;
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const totalMb = Number(option('mb', '600'));

interface Shape {
  shape: string;
  n: number;
  size: number;
  group?: number;
  pieces?: number;
  header?: number;
  revokeEarly?: boolean;
  /** opfs-appended: the file alone, as it is. */
  whole?: boolean;
}
const parts = (n: number) => ({ n, size: Math.floor((totalMb * MB) / n / 4) * 4 });
const SHAPES: Record<string, Shape> = {
  /** The product's shape: a header and one stored Blob a slice (here 1 MB each). */
  'idb-parts': { shape: 'idb-parts', ...parts(totalMb) },
  'idb-8': { shape: 'idb-parts', ...parts(8) },
  'idb-9': { shape: 'idb-parts', ...parts(9) },
  'idb-one': { shape: 'idb-one', ...parts(totalMb) },
  'idb-grouped-256': { shape: 'idb-grouped', group: 256, ...parts(totalMb) },
  'revoke-early': { shape: 'idb-parts', revokeEarly: true, ...parts(totalMb) },
  memory: { shape: 'memory', ...parts(totalMb) },
  'opfs-copy': { shape: 'opfs-copy', ...parts(totalMb) },
  /** What the extension does with a file of more than 8 stored parts (src/platform/flat-copies.ts). */
  'opfs-stream-copy': { shape: 'opfs-stream-copy', ...parts(totalMb) },
  'idb-consolidated-8': { shape: 'idb-consolidated', pieces: 8, ...parts(totalMb) },
  'opfs-appended': { shape: 'opfs-appended', ...parts(totalMb) },
  'opfs-appended-3mb-header': { shape: 'opfs-appended', header: 3_000_000, ...parts(totalMb) },
  /** The OPFS file itself, no header: how fast Firefox saves a file, whatever its shape. */
  'opfs-file-whole': { shape: 'opfs-appended', whole: true, ...parts(totalMb) },
};
const chosen = option('shapes', Object.keys(SHAPES).join(',')).split(',');

type Event = Record<string, unknown> & { event: string };

function parentMemory(pid: number): { anonMb: number; rssMb: number } {
  let text = '';
  try {
    text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    // The browser has gone: the run reports why.
  }
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { anonMb: kb('Anonymous') / 1024, rssMb: kb('Rss') / 1024 };
}

async function run(name: string, shape: Shape) {
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'blob-handover-'));
  const events = new Map<string, Event>();
  let waiters: (() => void)[] = [];
  let go!: () => void;
  const goGate = new Promise<void>((resolve) => (go = resolve));
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/config') return response.end(JSON.stringify(shape));
      if (request.url === '/go') return void goGate.then(() => response.end('go'));
      if (request.url === '/event') {
        const event = JSON.parse(body) as Event;
        events.set(event.event, event);
        waiters.forEach((wake) => wake());
        waiters = [];
      }
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  const until = async (event: string) => {
    while (!events.has(event) && !events.has('error')) await new Promise<void>((resolve) => waiters.push(resolve));
    if (events.has('error')) throw new Error(String(events.get('error')!.message));
    return events.get(event)!;
  };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  });
  try {
    const pid = browser.process()!.pid!;
    await browser.installExtension(path.join(import.meta.dirname, 'extension'));
    await until('stored');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const before = parentMemory(pid);
    let peak = before.anonMb;
    const sampler = setInterval(() => (peak = Math.max(peak, parentMemory(pid).anonMb)), 100);
    go();
    let started: Event, ended: Event;
    try {
      started = await until('started');
      ended = await until('ended');
    } finally {
      clearInterval(sampler);
    }
    const saved = fs.readdirSync(downloads).map((file) => fs.statSync(path.join(downloads, file)).size);
    return {
      shape: name,
      mb: Math.round(Number(started.size) / MB),
      composeMs: Math.round(Number(started.composedMs)),
      fileMs: Math.round(Number(ended.ms)),
      state: `${String(ended.state)}${saved[0] === started.size ? '' : ' (size differs)'}`,
      parentAnonBeforeMb: Math.round(before.anonMb),
      parentAnonGrowthMb: Math.round(peak - before.anonMb),
    };
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(downloads, { recursive: true, force: true });
  }
}

const rows = [];
for (const name of chosen) {
  const shape = SHAPES[name];
  if (!shape) throw new Error(`unknown shape ${name}: ${Object.keys(SHAPES).join(', ')}`);
  const row = await run(name, shape);
  console.log(JSON.stringify(row));
  rows.push(row);
}
console.table(rows);
