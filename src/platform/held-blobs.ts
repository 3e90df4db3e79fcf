/**
 * One Blob object per stored Blob, for as long as its row may be read again here.
 *
 * Chromium serves a Blob read from IndexedDB under one fixed id per stored file
 * (content/browser/indexed_db/blob_reader.cc). When the last Blob object a page holds for it
 * is collected, the id is unregistered; read again, the same id is registered anew. A read
 * that crosses the unregistering leaves the new Blob object with an id the browser no longer
 * knows, and a Blob then built over it (a finished file, a slice of a pack) makes the browser
 * kill the extension's renderer: "Bad blob references in BlobRegistry::Register" (a CI run
 * at 9b8a6f6 lost a download to it). Reads here re-read the same rows (every step of a read
 * along reads the packs; a joined file, a section, a count read a recording's slices
 * again): holding the first Blob object read for each row keeps its id registered, so no
 * read can cross it, and the Blob parts of a file are the same objects whatever read them.
 * Released with the rows, once no read can find them: here when this context deletes them,
 * or when it next looks (`RecordingStore.letGoOfFreed`) where another context did. A Blob
 * held keeps its file on disk.
 */

export class HeldBlobs {
  private readonly byRecording = new Map<string, Map<string, Blob>>();

  /** The Blob held for `key` of the recording, or `read`, held from now on. */
  hold(recordingId: string, key: string, read: Blob): Blob {
    let held = this.byRecording.get(recordingId);
    if (!held) this.byRecording.set(recordingId, (held = new Map()));
    const first = held.get(key);
    if (first) return first;
    held.set(key, read);
    return read;
  }

  /** Lets go of one Blob, whose row no longer holds it (a slice since packed). */
  release(recordingId: string, key: string): void {
    const held = this.byRecording.get(recordingId);
    if (!held?.delete(key) || held.size > 0) return;
    this.byRecording.delete(recordingId);
  }

  /** Lets go of a recording's Blobs, once its rows are deleted. */
  releaseRecording(recordingId: string): void {
    this.byRecording.delete(recordingId);
  }

  /** The recordings of which Blobs are held. */
  recordings(): string[] {
    return [...this.byRecording.keys()];
  }

  /** How many Blobs are held for a recording (tests). */
  count(recordingId: string): number {
    return this.byRecording.get(recordingId)?.size ?? 0;
  }
}
