/**
 * The extension's IndexedDB database: its schema and how it is opened (and upgraded). Apart
 * from the recording store so the worker that packs slices (slice-packs.ts) opens the same
 * database without the rest of the store.
 */

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RecordingRecord } from '../shared/recording-record';
import type { StoredPack, StoredRow } from './stored-slice';

export const DATABASE_NAME = 'media-recorder';
/**
 * 2: the slices' object store and the records' slice count took the names used everywhere else.
 * 3: slices may carry their part of the index (no change to old rows: they finish by remux).
 * 4: packs of slices (slice-packs.ts); old rows stay as they are.
 */
const DATABASE_VERSION = 4;

export interface RecorderSchema extends DBSchema {
  recordings: { key: string; value: RecordingRecord };
  slices: { key: [string, number]; value: StoredRow };
  packs: { key: [string, number]; value: StoredPack };
}

export type RecorderDb = IDBPDatabase<RecorderSchema>;

/** A record as version 1 stored it. */
type RecordV1 = Omit<RecordingRecord, 'sliceCount'> & { chunkCount?: number; sliceCount?: number };

export function openRecorderDb(name: string = DATABASE_NAME): Promise<RecorderDb> {
  return openDB<RecorderSchema>(name, DATABASE_VERSION, {
    async upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 4) db.createObjectStore('packs', { keyPath: ['recordingId', 'first'] });
      if (oldVersion < 1) {
        db.createObjectStore('recordings', { keyPath: 'id' });
        db.createObjectStore('slices', { keyPath: ['recordingId', 'seq'] });
        return;
      }
      // 2 → 3 adds optional fields only: rows stay as they are.
      if (oldVersion >= 2) return;
      // Version 1 named them "chunks": renamed in place, so no recording of 0.1 is lost.
      (transaction.objectStore('chunks' as 'slices') as unknown as { name: string }).name = 'slices';
      const records = transaction.objectStore('recordings');
      for (let cursor = await records.openCursor(); cursor; cursor = await cursor.continue()) {
        const { chunkCount, ...record } = cursor.value as RecordV1;
        await cursor.update({ ...record, sliceCount: record.sliceCount ?? chunkCount ?? 0 } as RecordingRecord);
      }
    },
  });
}

/** The slices of a recording after `seq`, up to `through` when given. */
export function afterRange(recordingId: string, seq: number, through = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([recordingId, seq], [recordingId, through], true, false);
}

/** A recording's slices, or its packs. */
export function sliceRange(recordingId: string): IDBKeyRange {
  return IDBKeyRange.bound([recordingId, -Infinity], [recordingId, Infinity]);
}
