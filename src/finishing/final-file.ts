/**
 * Builds the finished, seekable file of a recording. First by index only: a new header and
 * the stored slices as they are (platform/composed-file.ts), no media copied. Else, the
 * reason logged, by remux into the origin private file system (OPFS), so the file never has
 * to sit in memory: slices are read from storage, remuxed (remux.ts) and written
 * straight to disk. Runs where there is a document: Chromium's offscreen document,
 * Firefox's background page.
 *
 * If remuxing fails, the recording is still saved as recorded (playable, not seekable) and
 * the caller is told, so a recording is never lost to a finalizing bug.
 */

import { BufferTarget, StreamTarget, type Target } from 'mediabunny';
import type { RecordingStore } from '../platform/recording-store';
import { talliedPackets } from '../shared/fragment-tally';
import { indexedPacketCounts } from '../shared/mp4-index';
import { composeFinishedFile, partRecords, type ComposedFile } from '../platform/composed-file';
import type { SectionRange } from '../shared/file-pieces';
import { remuxRecording } from './remux';
import { PartsCannotShareError, remuxParts } from './remux-parts';
import type { RecordingRecord } from '../shared/recording-record';
import type { FinalFileFacts } from '../shared/final-file';
import { finalFileName, finalFilesFolder } from '../platform/final-files';

/** A finished file as a Blob (on disk when it comes from OPFS). */
export interface FinalFile extends FinalFileFacts {
  file: Blob;
  /** A composed file: how many stored Blobs (or ranges of a stored file) it is made of. */
  storedParts?: number;
}

/** A recording joined from parts whose parts cannot share one file: nothing was built. */
export interface PartsApart {
  cannotShare: string;
}

export interface BuildOptions {
  /** Only this section of the recording, cut at key frames by the index (no re-encoding). */
  section?: SectionRange;
}

const WRITE_BYTES = 4 * 1024 * 1024;

/**
 * The finished file of `record` (all its parts, when it heads a recording joined from
 * parts), or the section of it `options` asks for.
 */
export async function buildFinalFile(
  store: RecordingStore,
  record: RecordingRecord,
  onProgress: (fraction: number) => void,
  options: BuildOptions = {},
): Promise<FinalFile | PartsApart> {
  const format = record.format;
  if (!format) throw new Error('A recording without a format cannot be saved');
  const startedAt = performance.now();
  if (options.section) return buildSection(store, record, options.section);
  // Opened only where a file is read from it or remuxed into it: not on the way to a composed file.
  const folder = record.finalized && !record.composed ? await finalFilesFolder() : undefined;
  if (folder) {
    try {
      const file = await (await folder.getFileHandle(finalFileName(record))).getFile();
      return {
        file: file.slice(0, file.size, format.mimeType),
        finalized: true,
        durationSeconds: record.durationMs / 1000,
        size: file.size,
      };
    } catch {
      // Gone from disk: build it again below, if the slices are still there.
    }
  }
  if (record.slicesDeleted) throw new Error('The finished file is gone and its slices were freed');
  const parts = await partRecords(store, record);
  if (parts.length > 1) return buildJoined(store, parts, onProgress);

  const composition = await composeFinishedFile(store, [record]);
  if ('file' in composition) return composedFile(composition, startedAt);
  console.info('Media Recorder: finishing by remux:', composition.refusal);

  const raw = await store.assemble(record.id, format.mimeType);
  const remuxFolder = await finalFilesFolder();
  const remux = (packetCounts?: Map<number, number>) => remuxToFile(remuxFolder, record, raw, packetCounts, onProgress);
  try {
    const tallied = talliedPackets(record.packetTally) ?? indexedPacketCounts(record.mp4Index);
    return await remux(tallied).catch((error: unknown) => {
      // Counts tallied while recording that fall short make the muxer give up: count again.
      if (!tallied) throw error;
      console.warn('Media Recorder: finishing with the packets tallied while recording failed; counting them', error);
      return remux(undefined);
    });
  } catch (error) {
    console.error('Media Recorder: could not finalize the recording; saving it as recorded', error);
    return { file: raw, finalized: false, durationSeconds: undefined, size: raw.size };
  }
}

function composedFile(composition: ComposedFile, startedAt: number): FinalFile {
  const ms = Math.round(performance.now() - startedAt);
  const { file, storedParts, durationMs, newBytes, trackEndsMs, section } = composition;
  console.info('Media Recorder: finished by index only in', ms, 'ms, new bytes:', newBytes, trackEndsMs ?? '');
  return {
    file,
    storedParts,
    finalized: true,
    composed: true,
    durationSeconds: durationMs / 1000,
    size: file.size,
    section,
  };
}

/**
 * A recording joined from parts: composed by the index, else remuxed into one file, else
 * (the parts cannot share a file, or the remux failed) nothing: the caller then saves each
 * part on its own, so no part is lost to a join that did not work.
 */
async function buildJoined(
  store: RecordingStore,
  parts: RecordingRecord[],
  onProgress: (fraction: number) => void,
): Promise<FinalFile | PartsApart> {
  const startedAt = performance.now();
  const composition = await composeFinishedFile(store, parts);
  if ('file' in composition) return composedFile(composition, startedAt);
  if (composition.cannotShare) return { cannotShare: composition.refusal };
  console.info('Media Recorder: joining the parts by remux:', composition.refusal);
  const head = parts[0]!;
  const format = head.format!;
  try {
    const raws = await Promise.all(parts.map((part) => store.assemble(part.id, format.mimeType)));
    const { target, done } = await fileTarget(await finalFilesFolder(), head);
    const result = await remuxParts(raws, format.container, target, { onProgress });
    const file = await done();
    return {
      file: file.slice(0, file.size, format.mimeType),
      finalized: true,
      durationSeconds: result.durationSeconds,
      size: file.size,
    };
  } catch (error) {
    if (error instanceof PartsCannotShareError) return { cannotShare: error.message };
    console.error('Media Recorder: could not join the parts; saving them one file each', error);
    return { cannotShare: `the remux failed: ${String(error)}` };
  }
}

/** A section, by index only: a recording without its index has no key frames to cut at. */
async function buildSection(store: RecordingStore, record: RecordingRecord, section: SectionRange): Promise<FinalFile> {
  const startedAt = performance.now();
  const composition = await composeFinishedFile(store, record, { section });
  if (!('file' in composition)) throw new SectionRefusedError(composition.refusal);
  return composedFile(composition, startedAt);
}

export class SectionRefusedError extends Error {
  constructor(reason: string) {
    super(`A section cannot be cut from this recording: ${reason}`);
    this.name = 'SectionRefusedError';
  }
}

/** Remuxes the stored recording into its finished file, in OPFS where there is one. */
async function remuxToFile(
  folder: FileSystemDirectoryHandle | undefined,
  record: RecordingRecord,
  raw: Blob,
  packetCounts: Map<number, number> | undefined,
  onProgress: (fraction: number) => void,
): Promise<FinalFile> {
  const format = record.format!;
  const expectedSeconds = record.timeline.activeMs / 1000;
  const { target, done } = await fileTarget(folder, record);
  const result = await remuxRecording(raw, format.container, target, { expectedSeconds, onProgress, packetCounts });
  // A demuxer that misreads the input can stop early without an error; the raw file is
  // then the better one to give. (A cut-short recording may lack its last slices.)
  if (result.durationSeconds < expectedSeconds * 0.9 - 2) {
    throw new Error(`remuxing kept ${result.durationSeconds.toFixed(1)} s of ${expectedSeconds.toFixed(1)} s`);
  }
  const file = await done();
  return {
    file: file.slice(0, file.size, format.mimeType),
    finalized: true,
    durationSeconds: result.durationSeconds,
    size: file.size,
  };
}

/** Where a remux writes `record`'s file: OPFS, streamed, or without OPFS in memory; `done` gives it. */
async function fileTarget(
  folder: FileSystemDirectoryHandle | undefined,
  record: RecordingRecord,
): Promise<{ target: Target; done: () => Promise<Blob> }> {
  if (!folder) {
    const target = new BufferTarget();
    return { target, done: async () => new Blob([target.buffer ?? new ArrayBuffer(0)]) };
  }
  const handle = await folder.getFileHandle(finalFileName(record), { create: true });
  const target = new StreamTarget(await handle.createWritable(), { chunked: true, chunkSize: WRITE_BYTES });
  return { target, done: () => handle.getFile() };
}
