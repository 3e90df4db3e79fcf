/**
 * Memory and CPU time of a process and all its descendants, read from /proc (Linux).
 *
 * Memory is the sum of each process's PSS (/proc/<pid>/smaps_rollup: shared pages split
 * between the processes that map them, so a browser's shared libraries count once), or
 * RSS (/proc/<pid>/statm) where smaps_rollup cannot be read; `memoryKind` says which.
 * CPU time is utime + stime + cutime + cstime of every live process in the tree: a child
 * that exited and was reaped by a process of the tree (Chromium's renderers by its
 * zygote, Firefox's content processes by the parent) is in its reaper's cutime/cstime.
 * What it cannot see: a process that exited and was reaped by something outside the tree
 * (a daemonized helper reparented to init), and CPU time a live process's exited
 * threads used is kept (Linux adds it to the process).
 */

import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;

export interface ProcessSample {
  /** Milliseconds since the epoch. */
  time: number;
  processes: number;
  memoryBytes: number;
  /** Seconds of CPU time used so far by the tree (see above). */
  cpuSeconds: number;
  /** Bytes on disk in the folder the caller watches (the extension's storage), if any. */
  storedBytes?: number;
  /** Memory by kind of process (Chromium's --type, else the command name), to see where it moves. */
  byKind: Record<string, number>;
}

/**
 * Chromium starts its on-device AI model service (about 60 MB) three minutes into a bench
 * run, whatever the page and the extension do; the feature flags meant to keep it off did
 * not. It neither plays nor records, so the memory figures leave it out; `byKind` keeps it.
 */
const UNRELATED_KINDS = ['utility:OnDeviceModelService'];

/** The memory the figures use: the whole process tree but for the unrelated services above. */
export function measuredMemoryBytes(sample: ProcessSample): number {
  return UNRELATED_KINDS.reduce((bytes, kind) => bytes - (sample.byKind?.[kind] ?? 0), sample.memoryBytes);
}

/** "renderer", "gpu-process", "main" (Chromium); "main", "Web Content", … (Firefox). Cached per sampler. */
function kindOf(kinds: Map<number, string>, pid: number, isRoot: boolean): string {
  let kind = kinds.get(pid);
  if (kind) return kind;
  try {
    // Chromium rewrites its command line as one space-separated string. Utility processes
    // are told apart by service: IndexedDB lives in the storage service, for one.
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const type = /--type=([\w-]+)/.exec(commandLine)?.[1];
    const service = /--utility-sub-type=(?:[\w-]+\.)*(\w+)/.exec(commandLine)?.[1];
    kind = type
      ? service
        ? `${type}:${service}`
        : type
      : isRoot
        ? 'main'
        : readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    // A child seen between fork and exec still has its parent's command line: look again later.
    if (type || isRoot) kinds.set(pid, kind);
  } catch {
    kind = 'unknown';
  }
  return kind;
}

interface Stat {
  pid: number;
  ppid: number;
  /** Clock ticks: own utime + stime, reaped children's cutime + cstime. */
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields follow the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); ppid is field 4, utime..cstime fields 14..17.
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    return { pid, ppid: Number(fields[1]), ticks };
  } catch {
    return undefined; // exited meanwhile
  }
}

function memoryOf(pid: number): { bytes: number; kind: 'pss' | 'rss' } | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (pss) return { bytes: Number(pss[1]) * 1024, kind: 'pss' };
  } catch {
    // not readable (another user's process, or it exited): fall back to RSS
  }
  try {
    const resident = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return { bytes: resident * PAGE_BYTES, kind: 'rss' };
  } catch {
    return undefined;
  }
}

/** `root` and every process descending from it, now. */
export function processTree(root: number): Stat[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is Stat => stat !== undefined);
  const children = new Map<number, Stat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const rootStat = all.find((stat) => stat.pid === root);
  if (!rootStat) return [];
  const tree: Stat[] = [];
  const queue = [rootStat];
  while (queue.length) {
    const stat = queue.shift()!;
    tree.push(stat);
    queue.push(...(children.get(stat.pid) ?? []));
  }
  return tree;
}

export class ProcessSampler {
  readonly samples: ProcessSample[] = [];
  /** 'pss' while every reading was PSS; 'rss' or 'mixed' otherwise. */
  memoryKind: 'pss' | 'rss' | 'mixed' | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly kinds = new Map<number, string>();

  constructor(
    private readonly root: number,
    private readonly storedBytes?: () => number,
    private readonly intervalMs = 1000,
  ) {}

  sample(): ProcessSample {
    const tree = processTree(this.root);
    let memoryBytes = 0;
    const byKind: Record<string, number> = {};
    for (const stat of tree) {
      const memory = memoryOf(stat.pid);
      if (!memory) continue;
      memoryBytes += memory.bytes;
      const kind = kindOf(this.kinds, stat.pid, stat.pid === this.root);
      byKind[kind] = (byKind[kind] ?? 0) + memory.bytes;
      if (this.memoryKind === undefined) this.memoryKind = memory.kind;
      else if (this.memoryKind !== memory.kind) this.memoryKind = 'mixed';
    }
    const ticks = tree.reduce((sum, stat) => sum + stat.ticks, 0);
    const sample: ProcessSample = {
      time: Date.now(),
      processes: tree.length,
      memoryBytes,
      cpuSeconds: ticks / CLOCK_TICKS,
      byKind,
    };
    if (this.storedBytes) sample.storedBytes = this.storedBytes();
    this.samples.push(sample);
    return sample;
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Takes a last sample; later calls do nothing. */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }
}
