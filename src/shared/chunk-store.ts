/**
 * Recorded slices and recording records in IndexedDB of the extension's origin. Slices are
 * stored as Blobs, one row each, so a finished file is assembled from disk-backed parts
 * without loading the recording into memory. Tests run it on fake-indexeddb.
 */

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RecordingRecord } from './recording-record';

export const DATABASE_NAME = 'media-recorder';
const DATABASE_VERSION = 1;

export interface StoredChunk {
  recordingId: string;
  seq: number;
  data: Blob;
  size: number;
}

interface RecorderSchema extends DBSchema {
  recordings: { key: string; value: RecordingRecord };
  chunks: { key: [string, number]; value: StoredChunk };
}

export class ChunkStore {
  private readonly db: Promise<IDBPDatabase<RecorderSchema>>;

  constructor(name: string = DATABASE_NAME) {
    this.db = openDB<RecorderSchema>(name, DATABASE_VERSION, {
      upgrade(db) {
        db.createObjectStore('recordings', { keyPath: 'id' });
        db.createObjectStore('chunks', { keyPath: ['recordingId', 'seq'] });
      },
    });
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

  /** Writes one slice; `seq` orders slices within a recording and makes a retry harmless. */
  async appendChunk(recordingId: string, seq: number, data: Blob): Promise<void> {
    // Strict: the slice is on disk when this resolves (and the page is told it is safe),
    // not only in the browser's write buffers, which a crash would take with it.
    const tx = (await this.db).transaction('chunks', 'readwrite', { durability: 'strict' });
    await Promise.all([tx.store.put({ recordingId, seq, data, size: data.size }), tx.done]);
  }

  /** The slices of a recording, in order. Blobs only: no bytes are read here. */
  async chunks(recordingId: string): Promise<StoredChunk[]> {
    return (await this.db).getAll('chunks', chunkRange(recordingId));
  }

  /** How many slices of a recording are stored, without reading them. */
  async countChunks(recordingId: string): Promise<number> {
    return (await this.db).count('chunks', chunkRange(recordingId));
  }

  /** The whole recording as one Blob built from its stored parts. */
  async assemble(recordingId: string, mimeType: string): Promise<Blob> {
    const parts = await this.chunks(recordingId);
    return new Blob(
      parts.map((part) => part.data),
      { type: mimeType },
    );
  }

  /** Frees a recording's slices once its finished file exists; its record stays. */
  async deleteChunks(recordingId: string): Promise<void> {
    await (await this.db).delete('chunks', chunkRange(recordingId));
  }

  async deleteRecording(recordingId: string): Promise<void> {
    const db = await this.db;
    const tx = db.transaction(['recordings', 'chunks'], 'readwrite');
    await Promise.all([
      tx.objectStore('chunks').delete(chunkRange(recordingId)),
      tx.objectStore('recordings').delete(recordingId),
      tx.done,
    ]);
  }

  async close(): Promise<void> {
    (await this.db).close();
  }
}

function chunkRange(recordingId: string): IDBKeyRange {
  return IDBKeyRange.bound([recordingId, -Infinity], [recordingId, Infinity]);
}
