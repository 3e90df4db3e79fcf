/**
 * Serves the test pages and media on two local origins: the page origin (127.0.0.1) and a
 * "foreign" origin (localhost, another port) that sends no CORS headers, as a third-party
 * media host would. Supports Range requests, which media elements use. Streaming players
 * from npm are served under /vendor/. A page asked for with `?csp=POLICY` comes with that
 * Content-Security-Policy, as strict sites send.
 */

import { createReadStream, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FIXTURES_DIR } from './fixtures';
import { livePlaylist, liveSourcePath } from './live-stream';

const PAGES_DIR = path.resolve(import.meta.dirname, '../../pages');
const NODE_MODULES = path.resolve(import.meta.dirname, '../../../node_modules');

/** Players of real sites, from npm, under /vendor/. */
const VENDOR: Record<string, string> = {
  'hls.js': path.join(NODE_MODULES, 'hls.js/dist/hls.min.js'),
  'shaka-player.js': path.join(NODE_MODULES, 'shaka-player/dist/shaka-player.compiled.js'),
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.m4s': 'video/iso.segment',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
};

/** Folders served under /files/<n>/: the browsers' download folders, to play results back. */
const servedFolders: string[] = [];

export function serveFolder(folder: string): string {
  servedFolders.push(folder);
  return `/files/${servedFolders.length - 1}`;
}

function resolveFile(urlPath: string): string | undefined {
  const clean = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  if (clean.startsWith('/vendor/')) return VENDOR[clean.slice('/vendor/'.length)];
  const served = /^\/files\/(\d+)\/(.*)$/.exec(clean);
  const [base, rest] = served
    ? [servedFolders[Number(served[1])] ?? PAGES_DIR, served[2] ?? '']
    : clean.startsWith('/media/')
      ? [FIXTURES_DIR, clean.slice(7)]
      : [PAGES_DIR, clean.slice(1)];
  const file = path.resolve(base, rest || 'index.html');
  return file.startsWith(base) ? file : undefined;
}

function handler(request: http.IncomingMessage, response: http.ServerResponse, origins: TestOrigins): void {
  const urlPath = request.url ?? '/';
  const live = liveSourcePath(urlPath.split('?')[0]!);
  const file = resolveFile(live ?? urlPath);
  let size: number;
  try {
    size = file ? statSync(file).size : -1;
  } catch {
    size = -1;
  }
  if (!file || size < 0) {
    response.writeHead(404).end('not found');
    return;
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  if (live && file.endsWith('.m3u8')) {
    const playlist = livePlaylist(readFileSync(file, 'utf8'));
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(playlist);
    return;
  }
  if (type.startsWith('text/html')) {
    // Pages name the other origin through placeholders.
    const html = readFileSync(file, 'utf8').replaceAll('{{FOREIGN_ORIGIN}}', origins.foreign);
    const csp = new URL(urlPath, 'http://test').searchParams.get('csp');
    response
      .writeHead(200, {
        'content-type': type,
        'cache-control': 'no-store',
        ...(csp ? { 'content-security-policy': csp } : {}),
      })
      .end(html);
    return;
  }
  const range = /bytes=(\d*)-(\d*)/.exec(request.headers.range ?? '');
  if (range) {
    const start = range[1] ? Number(range[1]) : 0;
    const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    response.writeHead(206, {
      'content-type': type,
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${size}`,
      'accept-ranges': 'bytes',
    });
    createReadStream(file, { start, end }).pipe(response);
    return;
  }
  response.writeHead(200, { 'content-type': type, 'content-length': size, 'accept-ranges': 'bytes' });
  createReadStream(file).pipe(response);
}

export interface TestOrigins {
  page: string;
  foreign: string;
  close(): Promise<void>;
}

function listen(server: http.Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve) => server.listen(port, host, () => resolve((server.address() as AddressInfo).port)));
}

/** `pagePort` fixes the page origin's port (the demo); tests take free ports. */
export async function startServers(options: { pagePort?: number } = {}): Promise<TestOrigins> {
  const origins: TestOrigins = { page: '', foreign: '', close: async () => undefined };
  const page = http.createServer((request, response) => handler(request, response, origins));
  const foreign = http.createServer((request, response) => handler(request, response, origins));
  origins.page = `http://127.0.0.1:${await listen(page, '127.0.0.1', options.pagePort)}`;
  origins.foreign = `http://localhost:${await listen(foreign, '127.0.0.1')}`;
  origins.close = async () => {
    page.closeAllConnections();
    foreign.closeAllConnections();
    await Promise.all([new Promise((r) => page.close(r)), new Promise((r) => foreign.close(r))]);
  };
  return origins;
}
