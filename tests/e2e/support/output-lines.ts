/** A browser's output, line by line, for the helpers that read what it prints. */

import type { Readable } from 'node:stream';

/** Calls `onLine` with each whole line `stream` prints, as it comes. */
export function onLines(stream: Readable | null | undefined, onLine: (line: string) => void): void {
  let partial = '';
  stream?.on('data', (data: Buffer) => {
    const lines = (partial + data.toString()).split('\n');
    partial = lines.pop()!;
    lines.forEach(onLine);
  });
}
