/**
 * The disk's sequential speed, by dd, for the "one sequential copy at disk speed" bound:
 * writing 1 GiB of zeros flushed to disk (conv=fdatasync), and copying a file of the bench
 * (read and write, flushed), in MB/s.
 */

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

/**
 * dd's own report (on stderr): "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 2.1 s, 511 MB/s".
 * Run without a shell: a downloaded file's name comes from a page's title.
 */
function dd(args: string[]): { bytes: number; seconds: number } {
  const run = spawnSync('dd', args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const result = run.stderr ?? '';
  const match = run.status === 0 ? /(\d+) bytes .* copied, ([\d.]+) s/.exec(result) : null;
  if (!match) throw new Error(`dd said: ${result}`);
  return { bytes: Number(match[1]), seconds: Number(match[2]) };
}

/**
 * One copy of `file` next to it now, as a download writes (read and write by a process,
 * nothing flushed), in ms; the copy is deleted. On this kind of machine, where the memory
 * the page cache takes must first be faulted in from the host, a copy's speed depends on
 * the memory's state at that moment (from about 330 MB/s to 1 GB/s for the same bytes), so
 * the fair bound for a download is a copy made right after it, not a figure from earlier.
 */
export function copyNowMs(file: string): number {
  const target = `${file}.copy-for-bench`;
  try {
    const copy = dd([`if=${file}`, `of=${target}`, 'bs=4M']);
    return copy.seconds * 1000;
  } finally {
    rmSync(target, { force: true });
  }
}

export interface DiskSpeed {
  writeMBps: number;
  copyMBps: number | undefined;
  copiedFile: string | undefined;
}

export function measureDiskSpeed(dir: string, fileToCopy: string | undefined): DiskSpeed {
  const target = path.join(dir, 'dd-test.bin');
  try {
    const write = dd(['if=/dev/zero', `of=${target}`, 'bs=4M', 'count=256', 'conv=fdatasync']);
    let copy: { bytes: number; seconds: number } | undefined;
    if (fileToCopy) copy = dd([`if=${fileToCopy}`, `of=${target}`, 'bs=4M', 'conv=fdatasync']);
    return {
      writeMBps: write.bytes / 1e6 / write.seconds,
      copyMBps: copy && copy.bytes / 1e6 / copy.seconds,
      copiedFile: fileToCopy && path.basename(fileToCopy),
    };
  } finally {
    rmSync(target, { force: true });
  }
}
