/**
 * A finished file composed without copying media (issue #17): a small new header, then the
 * stored slices as they are, as one Blob of disk-backed parts. Built from the index kept
 * while recording (background/recordings/slice-index.ts) each time the file is wanted: at
 * the save, at "Download again", in the library's player. Whatever cannot be composed is
 * refused with the reason, and finishing remuxes instead.
 */

import { writeMp4Header, writeMp4Parts } from '../shared/mp4-index';
import type { RecordingRecord } from '../shared/recording-record';
import { filePartsOf, finishWebm, foldIndexes, writeWebmParts, type WebmSliceIndex } from '../shared/webm-index';
import type { RecordingStore } from './recording-store';
import type { StoredSlice } from './stored-slice';
import type { FilePiece, PiecedFile, PiecedFileResult, SectionRange } from '../shared/file-pieces';

/** The stored slices, and the Blob parts of a file made of them (runs of slices read along as one). */
type PartsStore = Pick<RecordingStore, 'slices' | 'blobParts' | 'tablePrefix' | 'webmFoldPrefix'>;

export interface ComposedFile {
  file: Blob;
  /** How many of the Blob's parts are stored Blobs (or ranges of a stored file), not new bytes. */
  storedParts: number;
  durationMs: number;
  /** Bytes written anew: the header (and a WebM's Cluster headers). */
  newBytes: number;
  /** Where each track ends, in ms from the start (MP4), for the log. */
  trackEndsMs?: Record<number, number>;
  /** A section: where it really starts (the key frame at or before the asked start) and ends. */
  section?: SectionRange;
}

/** `cannotShare`: the parts of a joined recording cannot go in one file (see shared/file-pieces.ts). */
export type Composition = ComposedFile | { refusal: string; cannotShare?: boolean };

export interface ComposeOptions {
  section?: SectionRange;
}

/**
 * The records of a recording's parts, first part first: its own alone, unless it heads a
 * recording joined across source changes. Parts that recorded nothing are left out.
 */
export async function partRecords(
  store: Pick<RecordingStore, 'getRecording'>,
  record: RecordingRecord,
): Promise<RecordingRecord[]> {
  if (!record.partIds || record.partIds.length < 2) return [record];
  const parts = await Promise.all(
    record.partIds.map((id) => (id === record.id ? record : store.getRecording(id).catch(() => undefined))),
  );
  return parts.filter((part): part is RecordingRecord => part !== undefined && part.sliceCount > 0);
}

/** The file of new bytes and stored slices `pieces` lays out, as one Blob. */
function composedBlob(
  store: PartsStore,
  pieces: readonly FilePiece[],
  slices: StoredSlice[][],
  type: string,
): Pick<ComposedFile, 'file' | 'storedParts'> {
  const parts = store.blobParts(pieces, slices);
  return { file: new Blob(parts, { type }), storedParts: parts.filter((part) => part instanceof Blob).length };
}

/** Test builds only: a page title holding this makes the index refuse, to exercise the remux. */
export const REFUSE_INDEX_FOR_TEST = 'refuse-index-for-test';

function composeMp4(store: PartsStore, record: RecordingRecord, slices: StoredSlice[], type: string): Composition {
  const written = writeMp4Header(
    record.mp4Init,
    slices.map((slice) => slice.mp4Samples),
    record.mp4Index,
    // Where there was no press (the media ended, a crash), the first track to end sets the end.
    { endAtMs: record.endAtMs, endTogether: true, prefix: store.tablePrefix(slices) },
  );
  if ('refusal' in written) return written;
  const stored = slices.reduce((sum, slice) => sum + slice.size, 0);
  if (written.dataBytes !== stored) return { refusal: `the index covers ${written.dataBytes} of ${stored} bytes` };
  if (written.cutShort) console.info('Media Recorder: the last fragment was incomplete and is left out');
  const pieces: FilePiece[] = [...written.header];
  slices.forEach((slice, index) => pieces.push({ part: 0, slice: index, start: 0, end: slice.size }));
  return {
    ...composedBlob(store, pieces, [slices], type),
    durationMs: written.durationMs,
    newBytes: written.headerLength,
    trackEndsMs: written.trackEndsMs,
  };
}

function composeWebm(store: PartsStore, record: RecordingRecord, slices: StoredSlice[], type: string): Composition {
  const indexes: WebmSliceIndex[] = [];
  for (const slice of slices) {
    if (!slice.webmIndex) return { refusal: `slice ${slice.seq} has no index` };
    // As the MP4 path checks its index against the stored bytes: a row that does not cover
    // exactly its slice would misplace everything after it.
    if (slice.webmIndex.end - slice.webmIndex.start !== slice.size) {
      return { refusal: `the index of slice ${slice.seq} does not cover its ${slice.size} bytes` };
    }
    indexes.push(slice.webmIndex);
  }
  const ahead = store.webmFoldPrefix(slices);
  const fold = foldIndexes(indexes, { endAtMs: record.endAtMs }, ahead);
  if (ahead && fold !== ahead.fold)
    console.info('Media Recorder: the press fell inside the index folded ahead; folded again');
  const finished = finishWebm(fold);
  if ('refused' in finished) return { refusal: finished.refused };
  const parts = filePartsOf(
    finished,
    slices.map((slice) => slice.size),
  );
  // One per slice at least (10,800 at 3 hours): fields named, not spread.
  const pieces = parts.map((part): FilePiece =>
    part instanceof Uint8Array ? part : { part: 0, slice: part.slice, start: part.start, end: part.end },
  );
  return {
    ...composedBlob(store, pieces, [slices], type),
    durationMs: finished.durationMs,
    newBytes: finished.newBytes,
  };
}

/** Each part's stored slices, in order, or why a part cannot be composed. */
async function partSlices(
  store: Pick<RecordingStore, 'slices'>,
  records: RecordingRecord[],
): Promise<StoredSlice[][] | { refusal: string }> {
  const slices: StoredSlice[][] = [];
  for (const [number, record] of records.entries()) {
    if (record.slicesDeleted) return { refusal: `the slices of part ${number + 1} were freed` };
    const stored = await store.slices(record.id);
    if (stored.length === 0) return { refusal: `no slices are stored for part ${number + 1}` };
    slices.push(stored);
  }
  return slices;
}

/** The pieces of a file the index writers give, as one Blob of new bytes and stored slices. */
function blobOf(store: PartsStore, written: PiecedFile, slices: StoredSlice[][], type: string): ComposedFile {
  if (written.note) console.info('Media Recorder:', written.note);
  return {
    ...composedBlob(store, written.pieces, slices, type),
    durationMs: written.durationMs,
    newBytes: written.newBytes,
    trackEndsMs: written.trackEndsMs,
    section: written.section,
  };
}

/**
 * A recording joined from parts, or a section of one (whatever its parts): the index
 * writers lay the parts one after another and cut the section, from the stored slices.
 */
async function composeParts(
  store: PartsStore,
  records: RecordingRecord[],
  options: ComposeOptions,
): Promise<Composition> {
  const format = records[0]!.format;
  if (!format) return { refusal: 'no format' };
  if (__TEST__ && records[0]!.pageTitle.includes(REFUSE_INDEX_FOR_TEST)) return { refusal: 'refused for a test' };
  const other = records.find((record) => record.format?.container !== format.container);
  if (other) return { refusal: `part ${other.part} was recorded as ${other.format?.container}`, cannotShare: true };
  const slices = await partSlices(store, records);
  if ('refusal' in slices) return slices;
  const sizes = (part: StoredSlice[]) => part.map((slice) => slice.size);
  let written: PiecedFileResult;
  try {
    if (format.container === 'mp4') {
      written = writeMp4Parts(
        records.map((record, part) => ({
          init: record.mp4Init,
          sliceSamples: slices[part]!.map((slice) => slice.mp4Samples),
          state: record.mp4Index,
          sliceSizes: sizes(slices[part]!),
          endAtMs: record.endAtMs,
          // Where there was no press (another source came, the media ended), the first track to end sets the end.
          endTogether: true,
        })),
        options,
      );
    } else if (format.container === 'webm') {
      const missing = slices.flat().find((slice) => !slice.webmIndex);
      if (missing) return { refusal: `slice ${missing.seq} of ${missing.recordingId} has no index` };
      written = writeWebmParts(
        records.map((record, part) => ({
          sliceIndexes: slices[part]!.map((slice) => slice.webmIndex!),
          sliceSizes: sizes(slices[part]!),
          endAtMs: record.endAtMs,
        })),
        options,
      );
    } else {
      return { refusal: `${format.container} is not indexed` };
    }
  } catch (error) {
    return { refusal: `cannot compose the file: ${String(error)}` };
  }
  return 'refusal' in written ? written : blobOf(store, written, slices, format.mimeType);
}

/**
 * The composed file of a recording: `parts` (a record, whose parts are read from the store
 * when it heads a joined recording, or the part records in order), whole or the section
 * `options` asks for; or why it cannot be composed.
 */
export async function composeFinishedFile(
  store: PartsStore & Pick<RecordingStore, 'getRecording'>,
  parts: RecordingRecord | RecordingRecord[],
  options: ComposeOptions = {},
): Promise<Composition> {
  const records = Array.isArray(parts) ? parts : await partRecords(store, parts);
  const record = records[0];
  if (!record) return { refusal: 'no part recorded anything' };
  if (records.length > 1 || options.section) return composeParts(store, records, options);
  const format = record.format;
  if (!format) return { refusal: 'no format' };
  if (__TEST__ && record.pageTitle.includes(REFUSE_INDEX_FOR_TEST)) return { refusal: 'refused for a test' };
  if (record.slicesDeleted) return { refusal: 'the slices were freed' };
  if (format.container !== 'mp4' && format.container !== 'webm')
    return { refusal: `${format.container} is not indexed` };
  if (format.container === 'mp4' && !record.mp4Index) return { refusal: 'no index was kept while recording' };
  const startedAt = performance.now();
  const slices = await store.slices(record.id);
  if (slices.length === 0) return { refusal: 'no slices are stored' };
  const readAt = performance.now();
  try {
    const composed =
      format.container === 'mp4'
        ? composeMp4(store, record, slices, format.mimeType)
        : composeWebm(store, record, slices, format.mimeType);
    // Where the time between Stop and the download goes, for hours-long recordings (issue #17).
    const ms = (from: number, to: number) => Math.round(to - from);
    console.info(
      `Media Recorder: ${slices.length} slices read in ${ms(startedAt, readAt)} ms, indexed and composed in ${ms(readAt, performance.now())} ms`,
    );
    return composed;
  } catch (error) {
    return { refusal: `cannot compose the file: ${String(error)}` };
  }
}
