/**
 * For the WebM index's tests: index slices as the background would, compose the finished
 * file as finishing would (a Blob of the header and parts of the stored slices), and judge
 * files with tools that did not write them (ffprobe, mkvinfo) and with mediabunny.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input } from 'mediabunny';
import { readElementHeader } from '../../../src/shared/webm-index/ebml';
import {
  addSliceIndex,
  filePartsOf,
  finishWebm,
  newWebmIndexFold,
  type WebmFinishOptions,
} from '../../../src/shared/webm-index/finish';
import { newWebmScan, scanWebmSlice, type WebmScan } from '../../../src/shared/webm-index/scan-slice';
import type { WebmFinish, WebmSliceIndex } from '../../../src/shared/webm-index/types';
import { probePackets } from './probe-packets';
import { scratchFolder } from './scratch';

export const scratch = scratchFolder('webm-index');

export function indexSlices(slices: readonly Uint8Array[]): { indexes: WebmSliceIndex[]; scan: WebmScan } {
  let scan = newWebmScan();
  const indexes = slices.map((slice) => {
    const next = scanWebmSlice(scan, slice);
    scan = next.scan;
    return next.index;
  });
  return { indexes, scan };
}

/** Every index folded from the start, one by one: what the folds ahead are checked against. */
export function finishWebmFromIndexes(indexes: Iterable<WebmSliceIndex>, options?: WebmFinishOptions) {
  const fold = newWebmIndexFold(options);
  for (const index of indexes) addSliceIndex(fold, index);
  return finishWebm(fold);
}

/** The finished file as finishing composes it: only Blob parts, no byte of media copied. */
export function composeBlob(finish: WebmFinish, slices: readonly Uint8Array<ArrayBuffer>[]): Blob {
  const stored = slices.map((slice) => new Blob([slice]));
  const parts = filePartsOf(
    finish,
    slices.map((slice) => slice.length),
  );
  return new Blob(
    parts.map((part) => (part instanceof Uint8Array ? part : stored[part.slice]!.slice(part.start, part.end))),
  );
}

/** Indexes, finishes and writes the file; throws when the index refuses. */
export async function finishToFile(
  slices: readonly Uint8Array<ArrayBuffer>[],
  name: string,
  options?: WebmFinishOptions,
): Promise<{ file: string; finish: WebmFinish; indexes: WebmSliceIndex[] }> {
  const { indexes } = indexSlices(slices);
  const finish = finishWebmFromIndexes(indexes, options);
  if ('refused' in finish) throw new Error(`refused: ${finish.refused}`);
  const file = path.join(scratch, `${name}.webm`);
  writeFileSync(file, new Uint8Array(await composeBlob(finish, slices).arrayBuffer()));
  return { file, finish, indexes };
}

export function writeInput(slices: readonly Uint8Array[], name: string): string {
  const file = path.join(scratch, `${name}-input.webm`);
  writeFileSync(file, Buffer.concat(slices));
  return file;
}

export interface Packet {
  stream: number;
  type: string;
  pts: number;
  hash: string;
  key: boolean;
}

/** Every packet as ffprobe reads it, in file order: stream, time, payload hash, key flag. */
export function packets(file: string): Packet[] {
  return probePackets(file).map(({ stream, type, pts, hash, key }) => ({ stream, type, pts, hash, key }));
}

/** The container's declared duration and start, in seconds. */
export function declared(file: string): { duration: number; start: number } {
  const { format } = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-of', 'json', '-show_entries', 'format=duration,start_time', file], {
      encoding: 'utf8',
    }),
  ) as { format: { duration: string; start_time: string } };
  return { duration: Number(format.duration), start: Number(format.start_time) };
}

/** mkvinfo's verbose dump (mkvtoolnix reads the file on its own). */
export const mkvinfo = (file: string) =>
  execFileSync('mkvinfo', ['-v', '-v', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** Packets per track type and the durations mediabunny reads back. */
export async function readWithMediabunny(file: string) {
  const input = new Input({ source: new BlobSource(new Blob([readFileSync(file)])), formats: ALL_FORMATS });
  const counts: Record<string, number> = {};
  let keyNearEnd = true;
  const duration = await input.computeDuration();
  for (const track of await input.getTracks()) {
    const sink = new EncodedPacketSink(track);
    for await (const _packet of sink.packets()) counts[track.type] = (counts[track.type] ?? 0) + 1;
    keyNearEnd &&= (await sink.getKeyPacket(duration - 0.1)) !== null;
  }
  return { counts, duration, declared: await input.getDurationFromMetadata(), keyNearEnd };
}

export interface Element {
  id: number;
  at: number;
  size: number | undefined;
  headerSize: number;
}

/** Our own walk of the elements at one level of `bytes` between `from` and `to`. */
export function walk(bytes: Uint8Array, from = 0, to = bytes.length): Element[] {
  const found: Element[] = [];
  for (let at = from; at < to;) {
    const header = readElementHeader(bytes.subarray(at, to));
    if (typeof header === 'string') throw new Error(`no element at ${at}: ${header}`);
    found.push({ id: header.id, at, size: header.size, headerSize: header.headerSize });
    if (header.size === undefined) break;
    at += header.headerSize + header.size;
  }
  return found;
}

/** Each block of a WebM file as mkvinfo finds it: where its frame ends, and its time in ms. */
export function mkvBlocks(file: string): { end: number; ms: number }[] {
  const blocks: { end: number; ms: number }[] = [];
  let ms = 0;
  for (const line of mkvinfo(file).split('\n')) {
    const block = /(?:Simple block|Block):.*timestamp (\d+):(\d+):([\d.]+) at \d+$/.exec(line);
    if (block) ms = Math.round((Number(block[1]) * 3600 + Number(block[2]) * 60 + Number(block[3])) * 1000);
    const frame = /Frame with size (\d+) at (\d+)$/.exec(line);
    if (frame) blocks.push({ end: Number(frame[2]) + Number(frame[1]), ms });
  }
  return blocks;
}

/** `bytes` cut into slices of the given sizes, repeated in turn. */
export function reslice(bytes: Uint8Array, sizes: readonly number[]): Uint8Array<ArrayBuffer>[] {
  const slices: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    slices.push(bytes.slice(at, at + size));
    at += size;
  }
  return slices;
}

export const concat = (slices: readonly Uint8Array[]) => new Uint8Array(Buffer.concat(slices));
