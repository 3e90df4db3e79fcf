/**
 * Firefox: the worker the slice-writer frame appends a recording's slices through, to its
 * slice file (platform/slice-files.ts). Only a dedicated worker can hold a
 * FileSystemSyncAccessHandle: it writes in place with no copy of the file (a writable
 * stream would write a new copy of the whole file at each close) and flushes each slice to
 * disk before the frame writes its row.
 */

import { opfsFolder } from '../../platform/opfs-folder';
import { SLICES_FOLDER } from '../../platform/slice-files';
import type { FileReply, FileRequest } from './slice-file-protocol';

/** What a SyncAccessHandle offers (TypeScript's DOM library leaves it to the worker library). */
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  flush(): void;
  getSize(): number;
}

let handle: SyncAccessHandle | undefined;

function writeAll(bytes: Uint8Array, at: number): void {
  for (let done = 0; done < bytes.length;) {
    const wrote = handle!.write(bytes.subarray(done), { at: at + done });
    if (wrote <= 0) throw new Error(`wrote ${done} of ${bytes.length} bytes`);
    done += wrote;
  }
}

async function answer(request: FileRequest): Promise<FileReply> {
  switch (request.type) {
    case 'open': {
      const folder = await opfsFolder(SLICES_FOLDER, true);
      if (!folder) throw new Error('no origin private file system here');
      const file = await folder.getFileHandle(request.name, { create: true });
      handle = await (
        file as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> }
      ).createSyncAccessHandle();
      // A file of this recording already there (a frame before this one) is appended to.
      return { id: request.id, ok: true, at: handle.getSize() };
    }
    case 'append': {
      if (!handle) throw new Error('no file is open');
      const at = handle.getSize();
      writeAll(new Uint8Array(request.data), at);
      for (const patch of request.patches) writeAll(patch.bytes, patch.at);
      handle.flush();
      return { id: request.id, ok: true, at };
    }
  }
}

// One request at a time, in order: the frame waits for each answer before the next.
self.onmessage = (event: MessageEvent<FileRequest>) => {
  const request = event.data;
  void answer(request).then(
    (reply) => self.postMessage(reply),
    (error: unknown) => self.postMessage({ id: request.id, ok: false, error: String(error) } satisfies FileReply),
  );
};
