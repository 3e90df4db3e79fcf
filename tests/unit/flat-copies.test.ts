/**
 * Firefox's copies of a finished file into one file (platform/flat-copies.ts), on an
 * origin private file system kept in memory: the copy holds the same bytes, goes when
 * released, leaves nothing behind when it fails, and the copies a closed browser left
 * are deleted at the next start.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { opfsFlatCopies, removeLeftoverCopies } from '../../src/platform/flat-copies';

class MemoryFileHandle {
  readonly kind = 'file';
  chunks: BlobPart[] = [];
  constructor(private readonly failWrites: boolean) {}
  async createWritable(): Promise<WritableStream<Uint8Array>> {
    const written: BlobPart[] = [];
    return new WritableStream({
      write: (chunk) => {
        if (this.failWrites) throw new DOMException('Quota exceeded', 'QuotaExceededError');
        written.push(chunk.slice());
      },
      close: () => {
        this.chunks = written;
      },
    });
  }
  async getFile(): Promise<File> {
    return new File(this.chunks, 'file');
  }
}

class MemoryFolder {
  readonly kind = 'directory';
  readonly files = new Map<string, MemoryFileHandle>();
  readonly folders = new Map<string, MemoryFolder>();
  failWrites = false;
  async getDirectoryHandle(name: string, { create = false } = {}): Promise<MemoryFolder> {
    if (!this.folders.has(name) && !create) throw new DOMException('no folder', 'NotFoundError');
    if (!this.folders.has(name)) this.folders.set(name, new MemoryFolder());
    return this.folders.get(name)!;
  }
  async getFileHandle(name: string, { create = false } = {}): Promise<MemoryFileHandle> {
    if (!this.files.has(name) && !create) throw new DOMException('no file', 'NotFoundError');
    if (!this.files.has(name)) this.files.set(name, new MemoryFileHandle(this.failWrites));
    return this.files.get(name)!;
  }
  async removeEntry(name: string, { recursive = false } = {}): Promise<void> {
    const folder = this.folders.get(name);
    if (folder && (recursive || folder.files.size === 0)) this.folders.delete(name);
    else if (!this.files.delete(name)) throw new DOMException('no entry', 'NotFoundError');
  }
}

let root: MemoryFolder;
const copiesFolder = () => root.folders.get('copies');

beforeEach(() => {
  root = new MemoryFolder();
  vi.stubGlobal('navigator', { storage: { getDirectory: async () => root } });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A file made of `count` Blob parts, as a composed file is. */
const composed = (count: number) =>
  new Blob(
    Array.from({ length: count }, (_, index) => new Blob([`part ${index};`])),
    { type: 'video/webm' },
  );

describe('a finished file copied into one file (Firefox)', () => {
  it('holds the same bytes and type, and goes when released', async () => {
    const file = composed(40);
    const copy = await opfsFlatCopies.copy(file, 'r1-1');
    expect(copy).toBeDefined();
    expect(await copy!.file.text()).toBe(await file.text());
    expect(copy!.file.type).toBe('video/webm');
    expect([...copiesFolder()!.files.keys()]).toEqual(['r1-1']);
    await copy!.release();
    expect(copiesFolder()!.files.size).toBe(0);
  });

  it('leaves nothing behind, and says so, when the copy cannot be written', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await root.getDirectoryHandle('copies', { create: true });
    copiesFolder()!.failWrites = true;
    expect(await opfsFlatCopies.copy(composed(40), 'r1-2')).toBeUndefined();
    expect(copiesFolder()!.files.size).toBe(0);
    expect(warn).toHaveBeenCalled();
  });

  it('is not made where there is no origin private file system', async () => {
    vi.stubGlobal('navigator', { storage: { getDirectory: async () => Promise.reject(new Error('private window')) } });
    expect(await opfsFlatCopies.copy(composed(40), 'r1-3')).toBeUndefined();
  });

  it('deletes, at a start, every copy a closed browser left', async () => {
    expect(await opfsFlatCopies.copy(composed(10), 'left')).toBeDefined();
    await removeLeftoverCopies();
    expect(copiesFolder()).toBeUndefined();
  });

  it('has nothing to delete where no copy was ever made', async () => {
    await expect(removeLeftoverCopies()).resolves.toBeUndefined();
    expect(copiesFolder()).toBeUndefined();
  });
});
