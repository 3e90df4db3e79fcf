/**
 * Finalize benchmark (`npm run bench:finalize`; `npm run bench` is the recording benchmark,
 * scripts/bench/): how long remuxRecording (src/finishing/remux.ts) takes to turn what
 * MediaRecorder wrote into a seekable file, and how much memory it needs, for 1, 10 and
 * 60 minutes of recorded data, in Node, without a browser. The issue's target: at least
 * 100 MB/s (input bytes per second of wall time) and peak extra memory that does not grow
 * with the recording's length.
 *
 *   npm run bench:finalize                   1, 10 and 60 minutes, 3 runs of each
 *   npm run bench:finalize -- --quick        1 and 10 minutes
 *   npm run bench:finalize -- --lengths 1,5  any lengths, in minutes
 *   npm run bench:finalize -- --runs 5       runs of each; the table shows the median time and the worst memory
 *   npm run bench:finalize -- --cpu-prof     also write V8 CPU profiles of each run to bench-results/profiles/
 *
 * Inputs look like what the recorders write, 720p30 at about 2.6 Mbit/s in all, and are
 * made once with ffmpeg into bench-results/inputs/: a 20 s clip (H.264 + Opus, or VP8 +
 * Opus) is encoded, then looped with stream copy to the length wanted, so an hour takes
 * seconds. "chromium-mp4" is fragmented MP4 with a fragment per second, as Chromium
 * writes it; "webm" is WebM with no Duration and no Cues, a cluster per second and every
 * cluster's size unknown, as Chromium and Firefox write it.
 *
 * Each finalize runs in a fresh Node process, so memory figures are its own. As in the
 * extension, the input is a disk-backed Blob (fs.openAsBlob) and the output goes through
 * mediabunny's StreamTarget in 4 MiB chunks, here to a file. It reports the wall time of
 * remuxRecording, the peak RSS and peak V8 heap + external memory above what the process
 * used before it started (sampled every 20 ms; RSS also from the kernel's maxRSS), and
 * the heap + external memory still held at the end after a full garbage collection.
 * Each output is checked with ffprobe (duration, packet count) and our own box/element
 * walk (MP4 index before the media, WebM Cues) before its speed is reported.
 *
 * Prints a Markdown table and writes bench-results/finalize-<date and time>.json, with
 * every run's time. MB is 10^6 bytes. Needs ffmpeg and ffprobe on the PATH.
 */

import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, openAsBlob, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StreamTarget, type StreamTargetChunk } from 'mediabunny';
import type { Container } from '../src/shared/recording-format';
import { remuxRecording } from '../src/finishing/remux';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS_DIR = path.join(ROOT, 'bench-results');
const INPUTS_DIR = path.join(RESULTS_DIR, 'inputs');
const OUTPUTS_DIR = path.join(RESULTS_DIR, 'outputs');
const PROFILES_DIR = path.join(RESULTS_DIR, 'profiles');

/** As src/finishing/final-file.ts writes to OPFS. */
const WRITE_CHUNK_BYTES = 4 * 1024 * 1024;
const SAMPLE_MS = 20;
const TARGET_MB_PER_S = 100;
/** How far the finished file's duration may be from the length recorded. */
const DURATION_TOLERANCE_S = 1;
const BASE_CLIP_SECONDS = 20;
const MB = 1e6;

/** Source for the base clips: 720p30 with grain, so the encoders spend the bitrate asked. */
const LAVFI_INPUTS = [
  ['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30,noise=alls=12:allf=t'],
  ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
].flat();
/** A keyframe every second, at a steady 2.4 Mbit/s, plus 128 kbit/s stereo Opus. */
const RATE_AND_GOP = ['-b:v', '2400k', '-maxrate', '2400k', '-bufsize', '2400k', '-g', '30', '-keyint_min', '30'];
const OPUS = ['-c:a', 'libopus', '-b:a', '128k', '-ac', '2'];

interface InputKind {
  name: string;
  container: Container;
  extension: string;
  baseClip: { file: string; encode: string[] };
  /** Muxer options for the looped copy. */
  mux: string[];
}

const KINDS: InputKind[] = [
  {
    name: 'chromium-mp4',
    container: 'mp4',
    extension: 'mp4',
    baseClip: {
      file: 'base-h264.mp4',
      encode: [
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-sc_threshold',
        '0',
        '-pix_fmt',
        'yuv420p',
        ...RATE_AND_GOP,
        ...OPUS,
      ],
    },
    // A fragment at each keyframe, i.e. every second, with an empty moov, as Chromium writes.
    mux: ['-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof'],
  },
  {
    name: 'webm',
    container: 'webm',
    extension: 'webm',
    baseClip: {
      file: 'base-vp8.mkv',
      encode: [
        '-c:v',
        'libvpx',
        '-deadline',
        'realtime',
        '-cpu-used',
        '8',
        '-minrate',
        '2400k',
        ...RATE_AND_GOP,
        ...OPUS,
      ],
    },
    // Live mode: Segment of unknown size, no Duration, no Cues. A cluster per second.
    mux: ['-f', 'webm', '-live', '1', '-cluster_time_limit', '1000', '-cluster_size_limit', '100000000'],
  },
];

interface RunSpec {
  input: string;
  output: string;
  container: Container;
  expectedSeconds: number;
}

interface RunResult {
  seconds: number;
  bytesIn: number;
  bytesOut: number;
  packetCount: number;
  durationSeconds: number;
  baselineRssBytes: number;
  peakExtraRssBytes: number;
  peakExtraJsBytes: number;
  heldAtEndBytes: number;
}

interface Row extends Partial<RunResult> {
  runSeconds?: number[];
  minutes: number;
  input: string;
  container: Container;
  mbPerSecond?: number;
  verified: boolean;
  problem?: string;
}

// ---------------------------------------------------------------------------------------
// Child: one finalize, measured.

async function runFinalize(spec: RunSpec): Promise<RunResult> {
  const collectGarbage = globalThis.gc;
  if (!collectGarbage) throw new Error('The finalize process needs --expose-gc');
  collectGarbage();
  const baseline = process.memoryUsage();
  const baselineMaxRss = process.resourceUsage().maxRSS * 1024;
  let peakRss = baseline.rss;
  let peakJs = baseline.heapUsed + baseline.external;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakJs = Math.max(peakJs, usage.heapUsed + usage.external);
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  // What the run still holds once done, garbage collected: the part that can grow with
  // the recording's length. Measured when progress reaches 1 (after output.finalize(),
  // before the input is disposed); the collection's time is not counted as finalizing.
  let heldAtEnd = 0;
  let collectingMs = 0;
  const onProgress = (fraction: number) => {
    if (fraction < 1) return;
    const collectStarted = performance.now();
    // The second collection waits for the first one's freeing of ArrayBuffers to finish.
    collectGarbage();
    collectGarbage();
    const usage = process.memoryUsage();
    heldAtEnd = usage.heapUsed + usage.external - (baseline.heapUsed + baseline.external);
    collectingMs += performance.now() - collectStarted;
  };

  const recording = await openAsBlob(spec.input);
  const file = await open(spec.output, 'w');
  const writable = new WritableStream<StreamTargetChunk>({
    write: async ({ data, position }) => {
      await file.write(data, 0, data.byteLength, position);
    },
  });
  const target = new StreamTarget(writable, { chunked: true, chunkSize: WRITE_CHUNK_BYTES });

  const started = performance.now();
  const result = await remuxRecording(recording, spec.container, target, {
    expectedSeconds: spec.expectedSeconds,
    onProgress,
  });
  const seconds = (performance.now() - started - collectingMs) / 1000;
  sample();
  clearInterval(sampler);
  await file.close();

  // maxRSS is the process's lifetime peak: it only speaks for the run if it rose during it.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  if (maxRss > baselineMaxRss) peakRss = Math.max(peakRss, maxRss);
  return {
    seconds,
    bytesIn: recording.size,
    bytesOut: statSync(spec.output).size,
    packetCount: result.packetCount,
    durationSeconds: result.durationSeconds,
    baselineRssBytes: baseline.rss,
    peakExtraRssBytes: peakRss - baseline.rss,
    peakExtraJsBytes: peakJs - (baseline.heapUsed + baseline.external),
    heldAtEndBytes: heldAtEnd,
  };
}

function runInChild(spec: RunSpec, cpuProf: boolean): Promise<RunResult> {
  const execArgv = [...process.execArgv, '--expose-gc'];
  if (cpuProf) execArgv.push('--cpu-prof', '--cpu-prof-dir', path.join(PROFILES_DIR, path.basename(spec.input)));
  const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(spec)], { execArgv });
  return new Promise((resolve, reject) => {
    let result: RunResult | undefined;
    child.on('message', (message) => (result = message as RunResult));
    child.on('error', reject);
    child.on('close', (code) =>
      result ? resolve(result) : reject(new Error(`the finalize process exited with code ${code}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------
// Inputs.

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function ffprobeJson<T>(args: string[], file: string): T {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-of', 'json', ...args, file], { encoding: 'utf8' })) as T;
}

function declaredDuration(file: string): number | undefined {
  const { format } = ffprobeJson<{ format: { duration?: string } }>(['-show_entries', 'format=duration'], file);
  return format.duration === undefined ? undefined : Number(format.duration);
}

/** Packets per stream type, as ffprobe reads them (a full pass over the file). */
function packetCounts(file: string): Record<string, number> {
  const { streams } = ffprobeJson<{ streams: { codec_type: string; nb_read_packets: string }[] }>(
    ['-count_packets', '-show_entries', 'stream=codec_type,nb_read_packets'],
    file,
  );
  return Object.fromEntries(streams.map((stream) => [stream.codec_type, Number(stream.nb_read_packets)]));
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Top-level MP4 boxes in file order, reading only their headers. */
async function mp4TopLevelBoxes(fileName: string): Promise<string[]> {
  const file = await open(fileName, 'r');
  try {
    const end = (await file.stat()).size;
    const boxes: string[] = [];
    for (let offset = 0; offset + 8 <= end;) {
      const header = await readAt(file, offset, 16);
      let size = header.readUInt32BE(0);
      if (size === 1) size = Number(header.readBigUInt64BE(8));
      if (size === 0) size = end - offset;
      boxes.push(header.toString('latin1', 4, 8));
      offset += size;
    }
    return boxes;
  } finally {
    await file.close();
  }
}

const EBML_SEGMENT = 0x18538067;
const EBML_CLUSTER = 0x1f43b675;
const EBML_CUES = 0x1c53bb6b;

interface EbmlElement {
  id: number;
  position: number;
  /** Undefined when the size is unknown (all ones), as the recorders write it. */
  size: number | undefined;
  headerLength: number;
  sizeLength: number;
}

/** An EBML variable-length integer: its length in bytes, and its value with or without the length marker. */
function readVint(bytes: Buffer, offset: number, keepMarker: boolean): { value: number; length: number } {
  const first = bytes[offset]!;
  const length = Math.clz32(first) - 23;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + bytes[offset + i]!;
  return { value, length };
}

/**
 * The elements at the top of a WebM file's Segment, reading only their headers; stops at
 * an element of unknown size other than the Segment, whose end only a parser could find.
 */
async function webmTopLevelElements(file: FileHandle): Promise<EbmlElement[]> {
  const end = (await file.stat()).size;
  const elements: EbmlElement[] = [];
  for (let position = 0; position < end;) {
    const header = await readAt(file, position, 12);
    const id = readVint(header, 0, true);
    const size = readVint(header, id.length, false);
    const unknown = size.value === 2 ** (7 * size.length) - 1;
    const headerLength = id.length + size.length;
    elements.push({
      id: id.value,
      position,
      size: unknown ? undefined : size.value,
      headerLength,
      sizeLength: size.length,
    });
    if (id.value === EBML_SEGMENT) position += headerLength;
    else if (unknown) break;
    else position += headerLength + size.value;
  }
  return elements;
}

/** How Chromium and Firefox write a Cluster's size: unknown, in eight bytes. */
const UNKNOWN_SIZE = Buffer.from('01ffffffffffffff', 'hex');
const COPY_BYTES = 1024 * 1024;

/** Copies a WebM file, writing every Cluster's size as unknown, as the recorders leave it. */
async function unsizeClusters(from: string, to: string): Promise<void> {
  const source = await open(from, 'r');
  const sink = await open(to, 'w');
  try {
    let written = 0;
    const append = async (data: Buffer) => {
      await sink.write(data, 0, data.byteLength, written);
      written += data.byteLength;
    };
    const copy = async (position: number, length: number) => {
      for (let done = 0; done < length; done += COPY_BYTES) {
        await append(await readAt(source, position + done, Math.min(COPY_BYTES, length - done)));
      }
    };
    for (const element of await webmTopLevelElements(source)) {
      if (element.id === EBML_CUES) throw new Error(`${from} has Cues`);
      if (element.id === EBML_SEGMENT) {
        await copy(element.position, element.headerLength);
      } else if (element.size === undefined) {
        throw new Error(`${from} has an element of unknown size other than its Segment`);
      } else if (element.id === EBML_CLUSTER) {
        await copy(element.position, element.headerLength - element.sizeLength);
        await append(UNKNOWN_SIZE);
        await copy(element.position + element.headerLength, element.size);
      } else {
        await copy(element.position, element.headerLength + element.size);
      }
    }
  } finally {
    await source.close();
    await sink.close();
  }
}

async function makeInput(kind: InputKind, minutes: number): Promise<string> {
  const file = path.join(INPUTS_DIR, `${kind.name}-${minutes}min.${kind.extension}`);
  if (existsSync(file)) return file;
  mkdirSync(INPUTS_DIR, { recursive: true });
  const baseClip = path.join(INPUTS_DIR, kind.baseClip.file);
  if (!existsSync(baseClip)) {
    console.log(`Encoding the ${BASE_CLIP_SECONDS} s base clip ${kind.baseClip.file}…`);
    const partial = `${baseClip}.partial${path.extname(baseClip)}`;
    ffmpeg([...LAVFI_INPUTS, '-t', String(BASE_CLIP_SECONDS), ...kind.baseClip.encode, partial]);
    renameSync(partial, baseClip);
  }
  console.log(`Looping it into ${path.basename(file)}…`);
  const partial = `${file}.partial`;
  const looped = kind.container === 'webm' ? `${file}.sized.partial` : partial;
  ffmpeg(['-stream_loop', '-1', '-i', baseClip, '-t', String(minutes * 60), '-c', 'copy', ...kind.mux, looped]);
  if (kind.container === 'webm') {
    await unsizeClusters(looped, partial);
    rmSync(looped);
    if (declaredDuration(partial) !== undefined) throw new Error(`${partial} declares a duration`);
  } else {
    const boxes = await mp4TopLevelBoxes(partial);
    if (boxes.indexOf('moof') !== boxes.indexOf('moov') + 1)
      throw new Error(`${partial} is not fragmented: ${boxes.slice(0, 4)}`);
  }
  renameSync(partial, file);
  return file;
}

// ---------------------------------------------------------------------------------------
// Verification of an output: undefined when it is good, else what is wrong.

async function seekIndexProblem(file: string, container: Container): Promise<string | undefined> {
  if (container === 'mp4') {
    const boxes = await mp4TopLevelBoxes(file);
    const moov = boxes.indexOf('moov');
    if (moov === -1 || moov > boxes.indexOf('mdat') || boxes.includes('moof')) return `MP4 boxes ${boxes.join(' ')}`;
    return undefined;
  }
  const handle = await open(file, 'r');
  try {
    const elements = await webmTopLevelElements(handle);
    return elements.some((element) => element.id === EBML_CUES) ? undefined : 'no Cues';
  } finally {
    await handle.close();
  }
}

async function outputProblem(spec: RunSpec, result: RunResult): Promise<string | undefined> {
  const duration = declaredDuration(spec.output);
  if (duration === undefined) return 'no declared duration';
  if (Math.abs(duration - spec.expectedSeconds) > DURATION_TOLERANCE_S) {
    return `declares ${duration.toFixed(2)} s for ${spec.expectedSeconds} s recorded`;
  }
  const indexProblem = await seekIndexProblem(spec.output, spec.container);
  if (indexProblem) return indexProblem;
  const packetsIn = packetCounts(spec.input);
  const packetsOut = packetCounts(spec.output);
  if (JSON.stringify(packetsIn) !== JSON.stringify(packetsOut)) {
    return `packets in ${JSON.stringify(packetsIn)}, out ${JSON.stringify(packetsOut)}`;
  }
  const total = Object.values(packetsOut).reduce((sum, count) => sum + count, 0);
  if (total !== result.packetCount)
    return `remuxRecording reports ${result.packetCount} packets, ffprobe reads ${total}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Main.

function optionValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : (args[index + 1] ?? '');
}

function parseLengths(args: string[]): number[] {
  const custom = optionValue(args, '--lengths');
  if (custom === undefined) return args.includes('--quick') ? [1, 10] : [1, 10, 60];
  const lengths = custom.split(',').map(Number);
  if (lengths.some((minutes) => !(minutes > 0))) throw new Error('--lengths takes minutes, e.g. --lengths 1,5');
  return lengths;
}

function parseRuns(args: string[]): number {
  const runs = Number(optionValue(args, '--runs') ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number, e.g. --runs 5');
  return runs;
}

/** The median run's time, every run's time, and the worst run's memory. */
function combineRuns(results: RunResult[]): RunResult & { runSeconds: number[] } {
  const median = [...results].sort((a, b) => a.seconds - b.seconds)[Math.floor(results.length / 2)]!;
  const worst = (bytes: (result: RunResult) => number) => Math.max(...results.map(bytes));
  return {
    ...median,
    runSeconds: results.map((result) => result.seconds),
    peakExtraRssBytes: worst((result) => result.peakExtraRssBytes),
    peakExtraJsBytes: worst((result) => result.peakExtraJsBytes),
    heldAtEndBytes: worst((result) => result.heldAtEndBytes),
  };
}

const megabytes = (bytes: number | undefined) => (bytes === undefined ? '' : (bytes / MB).toFixed(1));

function table(rows: Row[]): string {
  const lines = [
    '| Length | Input | Input MB | Seconds | MB/s | Peak extra RSS MB | Peak extra heap+external MB | Held at end MB | Output |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const cells = [
      `${row.minutes} min`,
      row.input,
      megabytes(row.bytesIn),
      row.seconds?.toFixed(2) ?? '',
      row.verified ? row.mbPerSecond!.toFixed(1) : '—',
      megabytes(row.peakExtraRssBytes),
      megabytes(row.peakExtraJsBytes),
      megabytes(row.heldAtEndBytes),
      row.verified ? 'verified' : `FAILED: ${row.problem}`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function summary(rows: Row[]): string[] {
  return KINDS.map((kind) => {
    const runs = rows.filter((row) => row.input === kind.name && row.verified);
    if (!runs.length) return `${kind.name}: no verified run`;
    const slowest = Math.min(...runs.map((row) => row.mbPerSecond!));
    const verdict = slowest >= TARGET_MB_PER_S ? 'meets' : 'misses';
    const each = (bytes: (row: Row) => number | undefined) => runs.map((row) => megabytes(bytes(row))).join(' / ');
    return (
      `${kind.name}: slowest ${slowest.toFixed(1)} MB/s (${verdict} the ${TARGET_MB_PER_S} MB/s target); ` +
      `at ${runs.map((row) => row.minutes).join(' / ')} min, peak extra RSS ${each((row) => row.peakExtraRssBytes)} MB, ` +
      `held at end ${each((row) => row.heldAtEndBytes)} MB`
    );
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const lengths = parseLengths(args);
  const runs = parseRuns(args);
  const cpuProf = args.includes('--cpu-prof');
  mkdirSync(OUTPUTS_DIR, { recursive: true });

  const rows: Row[] = [];
  for (const minutes of lengths) {
    for (const kind of KINDS) {
      const input = await makeInput(kind, minutes);
      const spec: RunSpec = {
        input,
        output: path.join(OUTPUTS_DIR, `${kind.name}-${minutes}min.${kind.extension}`),
        container: kind.container,
        expectedSeconds: minutes * 60,
      };
      console.log(`Finalizing ${path.basename(input)}${runs > 1 ? ` ${runs} times` : ''}…`);
      const row: Row = { minutes, input: kind.name, container: kind.container, verified: false };
      try {
        const results: RunResult[] = [];
        for (let run = 0; run < runs; run++) results.push(await runInChild(spec, cpuProf));
        const result = combineRuns(results);
        Object.assign(row, result, { mbPerSecond: result.bytesIn / MB / result.seconds });
        row.problem = await outputProblem(spec, result);
        row.verified = row.problem === undefined;
      } catch (error) {
        row.problem = error instanceof Error ? error.message : String(error);
      }
      // A broken output is kept for a look; a good one is only taking space.
      if (row.verified) rmSync(spec.output);
      rows.push(row);
    }
  }

  console.log(`\n${table(rows)}\n\n${summary(rows).join('\n')}`);
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryBytes: os.totalmem(),
      node: process.version,
    },
    mediabunny: (
      JSON.parse(readFileSync(path.join(ROOT, 'node_modules/mediabunny/package.json'), 'utf8')) as { version: string }
    ).version,
    targetMbPerSecond: TARGET_MB_PER_S,
    rows,
  };
  const reportFile = path.join(RESULTS_DIR, `finalize-${report.date.slice(0, 19).replaceAll(':', '-')}.json`);
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(ROOT, reportFile)}`);
  if (rows.some((row) => !row.verified)) process.exitCode = 1;
}

if (process.argv[2] === '--child') {
  const result = await runFinalize(JSON.parse(process.argv[3]!) as RunSpec);
  process.send!(result, () => process.disconnect());
} else {
  await main();
}
