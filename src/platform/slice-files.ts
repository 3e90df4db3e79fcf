/**
 * Firefox: each recording's slices appended to one file of the origin private file system
 * (OPFS), by the page's slice-writer frame (pages/slice-writer/slice-file.ts), their rows in
 * IndexedDB saying where each one is. A finished file is then the new header and a few
 * ranges of that one file, which Firefox's parent process reads from disk as the download
 * goes; a Blob of thousands of stored slices it copies whole into its memory first (issue
 * #17, README "Long recordings").
 */

import { isNotFound, opfsFolder } from './opfs-folder';

export const SLICES_FOLDER = 'slices';

export interface SliceFiles {
  /** The file of a recording's slices, or undefined when it has none. */
  read(recordingId: string): Promise<Blob | undefined>;
  /** Deletes the file of a recording's slices, if it has one. */
  remove(recordingId: string): Promise<void>;
}

/** The file's name: the recording's id (a UUID the background made, never a page's word). */
export const sliceFileName = (recordingId: string) => `${recordingId}.slices`;

export const opfsSliceFiles: SliceFiles = {
  async read(recordingId) {
    const folder = await opfsFolder(SLICES_FOLDER, false);
    if (!folder) return undefined;
    try {
      return await (await folder.getFileHandle(sliceFileName(recordingId))).getFile();
    } catch (error) {
      // The rows that name the file then end the recording where they start (recording-store.ts).
      if (!isNotFound(error)) console.warn(`Media Recorder: could not read the slice file of ${recordingId}`, error);
      return undefined;
    }
  },
  async remove(recordingId) {
    const folder = await opfsFolder(SLICES_FOLDER, false);
    await folder?.removeEntry(sliceFileName(recordingId)).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  },
};

/** Where no slice is ever written to a file (Chromium's slices reach the background as Blobs). */
export const noSliceFiles: SliceFiles = {
  read: () => Promise.resolve(undefined),
  remove: () => Promise.resolve(),
};
