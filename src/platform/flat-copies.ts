/**
 * Firefox: a finished file made of many stored parts, copied into one file of the origin
 * private file system before a URL of it is made. Firefox's parent process copies a Blob of
 * more than 8 stored parts whole into its memory when it gets one (README, "Long
 * recordings"). A single recording is two parts of its slice file, but a recording joined
 * across source changes, or a section, has a part per WebM Cluster (each gets a new
 * header), as has a recording whose slices are rows of their own: an hour of it would sit
 * in the parent's memory while it is saved. One copy on disk, deleted once the file is
 * saved, costs one sequential copy and no memory.
 */

import { opfsFolder } from './opfs-folder';

const COPIES_FOLDER = 'copies';

/**
 * The most stored parts a Blob may have for Firefox's parent process to read it from disk
 * as it goes (`kMaxAttachmentThreshold` in nsMultiplexInputStream.cpp).
 */
const PARENT_READS_UP_TO_PARTS = 8;

export interface FlatCopy {
  /** The same bytes as the original, from one file. */
  file: Blob;
  /** Deletes the copy (once its file is saved). */
  release(): Promise<void>;
}

export interface FlatCopies {
  /** A copy of `file` as one file named `name`, or undefined where none can be made (no OPFS, no room). */
  copy(file: Blob, name: string): Promise<FlatCopy | undefined>;
}

export const opfsFlatCopies: FlatCopies = {
  async copy(file, name) {
    const folder = await opfsFolder(COPIES_FOLDER, true);
    if (!folder) return undefined;
    const release = () => folder.removeEntry(name).catch(() => undefined);
    try {
      const handle = await folder.getFileHandle(name, { create: true });
      // Streamed: a part at a time is read and written, never the whole file.
      await file.stream().pipeTo(await handle.createWritable());
      const copied = await handle.getFile();
      if (copied.size !== file.size) throw new Error(`copied ${copied.size} of ${file.size} bytes`);
      return { file: copied.slice(0, copied.size, file.type), release };
    } catch (error) {
      console.warn('Media Recorder: could not copy the finished file into one file', error);
      await release();
      return undefined;
    }
  },
};

/** `file` as Firefox's parent process can read it from disk. */
export interface FileForParent extends FlatCopy {
  /** Whether it is a copy (in one file) of a file of more stored parts. */
  copied: boolean;
}

/** `file` itself, nothing to let go of. */
export const asItIs = (file: Blob): FileForParent => ({ file, copied: false, release: async () => undefined });

/**
 * `file` itself, or where it has more stored parts than Firefox's parent reads from disk,
 * a copy in one file named after `owner` (the recording) and the time (itself again where
 * no copy can be made: saved, though held in the parent's memory while it is).
 */
export async function fileForParent(
  file: Blob,
  storedParts: number,
  owner: string,
  copies: FlatCopies = opfsFlatCopies,
): Promise<FileForParent> {
  const copy = storedParts > PARENT_READS_UP_TO_PARTS ? await copies.copy(file, `${owner}-${Date.now()}`) : undefined;
  return copy ? { ...copy, copied: true } : asItIs(file);
}

/**
 * Deletes the copies a browser that closed while it used them left behind. Only where none
 * can be in use: as the browser or the extension starts (not a mere restart of Firefox's
 * background page while the library plays one).
 */
export async function removeLeftoverCopies(): Promise<void> {
  try {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry(COPIES_FOLDER, { recursive: true });
  } catch {
    // No OPFS here, or no copy was ever made.
  }
}
