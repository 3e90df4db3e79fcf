/**
 * Helpers for the index-only MP4 tests: index slices as the background would (the state
 * and each record stored and read back in between), compose the file as finishing would
 * (`new Blob([header, ...slices])`), and judge files with ffprobe, mediabunny and a box walk.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input } from 'mediabunny';
import {
  indexSlice,
  newMp4IndexState,
  writeMp4Header,
  type Mp4HeaderOptions,
  type Mp4HeaderResult,
  type Mp4IndexState,
  type SampleRuns,
} from '../../../src/shared/mp4-index';
import { byStreamType, probePackets } from './probe-packets';

export interface Indexed {
  state: Mp4IndexState;
  init: Uint8Array | undefined;
  records: SampleRuns[];
}

/** Indexes slice after slice, cloning what would be stored, as IndexedDB does. */
export function indexAll(slices: readonly Uint8Array[]): Indexed {
  let state = newMp4IndexState();
  let init: Uint8Array | undefined;
  const records: SampleRuns[] = [];
  for (const slice of slices) {
    const result = structuredClone(indexSlice(state, slice));
    state = result.state;
    init ??= result.slice.init;
    records.push(result.slice.runs);
  }
  return { state, init, records };
}

export function headerFor(slices: readonly Uint8Array[], options: Mp4HeaderOptions = {}): Mp4HeaderResult {
  const { state, init, records } = indexAll(slices);
  return writeMp4Header(init, records, state, options);
}

/** The composed file written to `file`, as finishing would hand it to the download. */
export async function composeFile(
  slices: readonly Uint8Array<ArrayBuffer>[],
  file: string,
  options: Mp4HeaderOptions = {},
): Promise<Mp4HeaderResult> {
  const result = headerFor(slices, options);
  if ('refusal' in result) return result;
  const blob = new Blob([...result.header, ...slices]);
  writeFileSync(file, new Uint8Array(await blob.arrayBuffer()));
  return result;
}

export function joined(slices: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.concat(slices));
}

export function cut(bytes: Uint8Array<ArrayBuffer>, sizes: number[]): Uint8Array<ArrayBuffer>[] {
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0, index = 0; at < bytes.length; index++) {
    const size = sizes[index % sizes.length]!;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

export interface Packet {
  codec_type: string;
  pts_time: string;
  dts_time: string;
  flags: string;
  data_hash: string;
}

/** Every packet as ffprobe reads it, per stream type, in order, with ffprobe's own text of its times. */
export function packets(file: string): Record<string, Packet[]> {
  return byStreamType(probePackets(file), (packet) => ({
    codec_type: packet.type,
    pts_time: packet.ptsTime,
    dts_time: packet.dtsTime,
    flags: packet.flags,
    data_hash: packet.hash,
  }));
}

/** Packets per track, in the file's track order, as mediabunny reads them back. */
export async function mediabunnyCounts(file: string): Promise<number[]> {
  const input = new Input({ source: new BlobSource(new Blob([readFileSync(file)])), formats: ALL_FORMATS });
  const counts: number[] = [];
  for (const track of await input.getTracks()) {
    let count = 0;
    for await (const _packet of new EncodedPacketSink(track).packets()) count++;
    counts.push(count);
  }
  return counts;
}

/** Stream durations (seconds) by type, as the container declares them. */
export function streamDurations(file: string): Record<string, number> {
  const { streams } = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-of', 'json', '-show_entries', 'stream=codec_type,duration', file], {
      encoding: 'utf8',
    }),
  ) as { streams: { codec_type: string; duration: string }[] };
  return Object.fromEntries(streams.map((stream) => [stream.codec_type, Number(stream.duration)]));
}

/** The top-level boxes' types, in order. */
export function topBoxes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  for (let at = 0; at + 8 <= bytes.length;) {
    let size = view.getUint32(at);
    if (size === 1) size = Number(view.getBigUint64(at + 8));
    types.push(String.fromCharCode(...bytes.subarray(at + 4, at + 8)));
    if (size < 8) break;
    at += size;
  }
  return types;
}

/** ffmpeg's complaints decoding the file from `seconds` on (to its end). */
export function decodeErrorsAfter(file: string, seconds: number): string {
  const { stderr, status } = spawnSync(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-ss', String(seconds), '-i', file, '-f', 'null', '-'],
    {
      encoding: 'utf8',
    },
  );
  return `${status === 0 ? '' : `exit ${status}\n`}${stderr}`.trim();
}

/** Decoded frames per stream type from `seconds` on: proof a seek lands on something decodable. */
export function framesAfter(file: string, seconds: number, type: 'v' | 'a'): number {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-read_intervals',
      `${seconds}%`,
      '-select_streams',
      type,
      '-show_entries',
      'frame=pts_time',
      '-of',
      'csv=p=0',
      file,
    ],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean).length;
}
