/** The messages between the slice-writer frame and its file worker (slice-file-worker.ts). */

export type FileRequest =
  | { id: number; type: 'open'; name: string }
  /** Appends `data` at the file's end, then writes each patch at its place (file positions), then flushes. */
  | { id: number; type: 'append'; data: ArrayBuffer; patches: { at: number; bytes: Uint8Array<ArrayBuffer> }[] };

/** `at`: where an append's bytes begin in the file; after an open, the file's size. */
export type FileReply = { id: number; ok: true; at?: number } | { id: number; ok: false; error: string };

/** A request before its id is given. */
export type FileAsk = FileRequest extends infer Request
  ? Request extends unknown
    ? Omit<Request, 'id'>
    : never
  : never;
