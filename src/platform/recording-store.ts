/**
 * Recorded slices and recording records in IndexedDB of the extension's origin. Each slice
 * has a row: its bytes as a Blob in it, or where they are in the recording's slice file
 * (Firefox's slice writer, slice-files.ts) or in a pack of slices (Chromium, slice-packs.ts).
 * Either way a finished file is assembled from disk-backed parts without loading the
 * recording into memory. Tests run it on fake-indexeddb.
 */

import type { RecordingRecord } from '../shared/recording-record';
import type { SliceBytes, SliceIndexes, StoredRow, StoredSlice } from './stored-slice';
import { noSliceFiles, opfsSliceFiles, type SliceFiles } from './slice-files';
import { SlicePrefetch } from './slice-prefetch';
import type { FilePiece } from '../shared/file-pieces';
import type { TablePrefix } from '../shared/mp4-index';
import type { WebmFoldPrefix } from '../shared/webm-index';
import { defaultPackLength, holdsOwnBytes, packNext, type SlicePacker } from './slice-packs';
import { HeldBlobs } from './held-blobs';
import { afterRange, DATABASE_NAME, openRecorderDb, sliceRange, type RecorderDb } from './recorder-db';

export { DATABASE_NAME } from './recorder-db';

/**
 * Slices per Blob part of a finished file, where the slices were read ahead (see
 * slice-runs.ts). Chromium hands each Blob part to its browser process on its own.
 */
const defaultRunLength = () => (__BROWSER__ !== 'chromium' ? 0 : __TEST_STEPS__ ? 4 : 256);

export interface RecordingStoreOptions {
  /** Slices per Blob part where slices were read ahead (slice-runs.ts). */
  sliceRunLength?: number;
  /** Slices per pack made while reading along (slice-packs.ts); tests set short ones. */
  slicePackLength?: number;
  /**
   * Where a pack is made: here by default; the offscreen document's is a worker of its
   * own, so this document never holds the Blobs of slices it packs (slice-packs.ts).
   */
  packer?: SlicePacker;
  /** Where slice files are (tests give an in-memory stand-in). */
  files?: SliceFiles;
}

/** Each recording's record and its recorded slices. */
export class RecordingStore {
  private readonly db: Promise<RecorderDb>;
  private readonly prefetch: SlicePrefetch;
  private readonly files: SliceFiles;
  /** The first Blob object read of each stored slice and pack (held-blobs.ts). */
  readonly held = new HeldBlobs();

  constructor(
    name: string = DATABASE_NAME,
    {
      sliceRunLength = defaultRunLength(),
      slicePackLength = defaultPackLength(),
      packer = async (request) => packNext(await this.db, request),
      files = __BROWSER__ === 'firefox' ? opfsSliceFiles : noSliceFiles,
    }: RecordingStoreOptions = {},
  ) {
    this.files = files;
    this.prefetch = new SlicePrefetch(
      {
        readAfter: async (id, seq, limit, through) =>
          this.withPacks(id, await (await this.db).getAll('slices', afterRange(id, seq, through), limit)),
        count: (id) => this.countSlices(id),
        // Counted first, which reads no Blob: most reads along find less than a group, and
        // start no worker then.
        packNext: async (id, after, length) =>
          (await this.countSlicesAfter(id, after)) < length
            ? undefined
            : packer({ database: name, recordingId: id, after, length }),
      },
      { runLength: sliceRunLength, packLength: slicePackLength },
    );
    this.db = openRecorderDb(name);
  }

  async saveRecording(record: RecordingRecord): Promise<void> {
    await (await this.db).put('recordings', record);
  }

  async getRecording(id: string): Promise<RecordingRecord | undefined> {
    return (await this.db).get('recordings', id);
  }

  async listRecordings(): Promise<RecordingRecord[]> {
    return (await this.db).getAll('recordings');
  }

  /**
   * Writes one slice's row: its bytes, or where the slice writer put them in the slice file
   * (already flushed to disk). `seq` orders slices within a recording and makes a retry harmless.
   */
  async appendSlice(recordingId: string, seq: number, bytes: SliceBytes, indexes: SliceIndexes = {}): Promise<void> {
    const where =
      bytes instanceof Blob ? { data: bytes, size: bytes.size } : { fileAt: bytes.fileAt, size: bytes.size };
    // Strict: the slice is on disk when this resolves (and the page is told it is safe),
    // not only in the browser's write buffers, which a crash would take with it.
    const tx = (await this.db).transaction('slices', 'readwrite', { durability: 'strict' });
    const write = async () => {
      // A retry of a slice since packed: its bytes are in the pack already.
      if ((await tx.store.get([recordingId, seq]))?.pack === undefined)
        await tx.store.put({ recordingId, seq, ...where, ...indexes });
    };
    await Promise.all([write(), tx.done]);
  }

  /**
   * The rows, those whose bytes are in a pack as slices of it (the packs read in one go),
   * each Blob the object first read of it (held-blobs.ts).
   */
  private async withPacks(recordingId: string, rows: StoredRow[]): Promise<StoredRow[]> {
    for (const row of rows) {
      const key = `slice:${row.seq}`;
      if (holdsOwnBytes(row)) row.data = this.held.hold(recordingId, key, row.data!);
      // Packed since it was read: its own Blob is read no more (and its file may go).
      else if (row.pack !== undefined) this.held.release(recordingId, key);
    }
    if (!rows.some((row) => row.pack !== undefined && !row.data)) return rows;
    const packs = new Map(
      (await (await this.db).getAll('packs', sliceRange(recordingId))).map((pack) => [
        pack.first,
        this.held.hold(recordingId, `pack:${pack.first}`, pack.data),
      ]),
    );
    return rows.map((row) => {
      const pack = row.pack === undefined || row.data ? undefined : packs.get(row.pack);
      return pack ? new FileSlice(row, pack) : row;
    });
  }

  /**
   * The slices of a recording, in order. Blobs only: no bytes are read here. Most of them
   * come from the read `prefetchSlices` started, when there was one.
   */
  async slices(recordingId: string): Promise<StoredSlice[]> {
    return this.withBytes(recordingId, (await this.prefetch.take(recordingId)) ?? (await this.readRows(recordingId)));
  }

  /**
   * The rows as slices, each with its bytes as a Blob: in the row, or the range of the
   * slice file the row names (Firefox's File of OPFS reads what is on disk when it is read;
   * the rows, not the File, fix what each slice is). Rows past the file's end (a crash
   * between its write and its flush cannot leave one, but a file cut short by the disk
   * could) end the recording there.
   */
  private async withBytes(recordingId: string, rows: StoredRow[]): Promise<StoredSlice[]> {
    // `instanceof` first: a FileSlice's `data` makes a Blob each time it is read.
    if (rows.every((row) => row instanceof FileSlice || row.data)) return rows as StoredSlice[];
    const file = await this.files.read(recordingId);
    const slices: StoredSlice[] = [];
    for (const row of rows) {
      if (row instanceof FileSlice || row.data) {
        slices.push(row as StoredSlice);
        continue;
      }
      if (!file || row.fileAt === undefined || row.fileAt + row.size > file.size) {
        console.warn(
          `Media Recorder: slice ${row.seq} of ${recordingId} is not in its slice file; the recording ends before it`,
        );
        break;
      }
      slices.push(new FileSlice(row, file));
    }
    return slices;
  }

  /**
   * The Blob parts of a file of new bytes and ranges of stored slices (`slices[part][slice]`),
   * runs of slices read ahead as one part each, table entries written ahead as their Blobs.
   */
  blobParts(pieces: readonly FilePiece[], slices: readonly (readonly StoredSlice[])[]): BlobPart[] {
    const kept = (part: BlobPart) => (part instanceof Uint8Array && this.prefetch.indexes.keptBlob(part)) || part;
    return this.prefetch.runs.blobParts(pieces, slices).map(kept);
  }

  /**
   * Reads the slices stored since the last call (all of them the first time), for the
   * `slices` call that finishes the recording: along the recording, and as Stop is pressed
   * (see slice-prefetch.ts). With `pack` (Chromium's reads along), it first stores whole
   * groups of them as packs (slice-packs.ts) and reads only the packed ones. With `gather`
   * (Stop's), it gathers the MP4 sample tables of what it read, or folds its WebM index
   * (index-prefixes.ts).
   */
  prefetchSlices(recordingId: string, options?: { pack?: boolean; gather?: boolean }): void {
    this.prefetch.start(recordingId, options);
  }

  /** The MP4 sample tables gathered ahead from the first of `slices`, if any (see prefetchSlices); once only. */
  tablePrefix(slices: readonly StoredRow[]): TablePrefix | undefined {
    return this.prefetch.indexes.takeTables(slices);
  }

  /** The WebM index folded ahead from the first of `slices`, if any (see prefetchSlices); once only. */
  webmFoldPrefix(slices: readonly StoredRow[]): WebmFoldPrefix | undefined {
    return this.prefetch.indexes.takeWebmFold(slices);
  }

  private async readRows(recordingId: string): Promise<StoredRow[]> {
    return this.withPacks(recordingId, await (await this.db).getAll('slices', sliceRange(recordingId)));
  }

  /** How many slices of a recording are stored, without reading them. */
  async countSlices(recordingId: string): Promise<number> {
    return (await this.db).count('slices', sliceRange(recordingId));
  }

  /** How many slices are stored after `seq`: only those rows are looked at. */
  async countSlicesAfter(recordingId: string, seq: number): Promise<number> {
    return (await this.db).count('slices', afterRange(recordingId, seq));
  }

  /** The whole recording as one Blob built from its stored parts. */
  async assemble(recordingId: string, mimeType: string): Promise<Blob> {
    const parts = await this.slices(recordingId);
    return new Blob(
      parts.map((part) => part.data),
      { type: mimeType },
    );
  }

  /** Frees a recording's slices once its finished file exists; its record stays. */
  async deleteSlices(recordingId: string): Promise<void> {
    const tx = (await this.db).transaction(['slices', 'packs'], 'readwrite');
    await Promise.all([
      tx.objectStore('slices').delete(sliceRange(recordingId)),
      tx.objectStore('packs').delete(sliceRange(recordingId)),
      tx.done,
    ]);
    this.held.releaseRecording(recordingId);
    await this.files.remove(recordingId);
  }

  async deleteRecording(recordingId: string): Promise<void> {
    const db = await this.db;
    const tx = db.transaction(['recordings', 'slices', 'packs'], 'readwrite');
    await Promise.all([
      tx.objectStore('slices').delete(sliceRange(recordingId)),
      tx.objectStore('packs').delete(sliceRange(recordingId)),
      tx.objectStore('recordings').delete(recordingId),
      tx.done,
    ]);
    this.held.releaseRecording(recordingId);
    // After the rows: a row never points into a file that is gone.
    await this.files.remove(recordingId);
  }

  /**
   * Lets go of the Blobs held for recordings deleted, or whose slices were freed, by another
   * context (the background deletes; the library and the offscreen document read), so their
   * files can leave the disk.
   */
  async letGoOfFreed(): Promise<void> {
    try {
      for (const recordingId of this.held.recordings()) {
        const record = await this.getRecording(recordingId);
        if (!record || record.slicesDeleted) this.held.releaseRecording(recordingId);
      }
    } catch (error) {
      // Only disk space, until the next look or this context's end.
      console.warn('Media Recorder: could not look for recordings deleted elsewhere', error);
    }
  }

  async close(): Promise<void> {
    (await this.db).close();
  }
}

/**
 * A slice whose bytes are in the slice file or a pack: its Blob is made when asked for
 * (thousands are read, few are used alone).
 */
class FileSlice implements StoredSlice {
  readonly recordingId: string;
  readonly seq: number;
  readonly size: number;
  readonly fileAt: number;
  readonly pack: number | undefined;
  readonly mp4Samples: StoredRow['mp4Samples'];
  readonly webmIndex: StoredRow['webmIndex'];

  constructor(
    row: StoredRow,
    readonly file: Blob,
  ) {
    this.recordingId = row.recordingId;
    this.seq = row.seq;
    this.size = row.size;
    this.fileAt = row.fileAt!;
    this.pack = row.pack;
    this.mp4Samples = row.mp4Samples;
    this.webmIndex = row.webmIndex;
  }

  get data(): Blob {
    return this.file.slice(this.fileAt, this.fileAt + this.size);
  }
}
