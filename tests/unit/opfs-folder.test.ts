/**
 * The extension's private files (OPFS) as finishing and Firefox's slices read them: a
 * folder or file not there is nothing to report, any other failure is said with its error,
 * since what follows (a recording ended before its slices, a file saved unfinished) would
 * otherwise have no cause in the log.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { opfsFolder } from '../../src/platform/opfs-folder';
import { opfsSliceFiles } from '../../src/platform/slice-files';

const domError = (name: string) => Object.assign(new Error(`${name} for the test`), { name });

/** The origin's private files, as navigator.storage.getDirectory gives them: `folder` for every name. */
function stubRoot(folder: () => Promise<unknown>) {
  vi.stubGlobal('navigator', { storage: { getDirectory: () => Promise.resolve({ getDirectoryHandle: folder }) } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the private files folder', () => {
  it('is undefined without a word where it was never made', async () => {
    stubRoot(() => Promise.reject(domError('NotFoundError')));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await opfsFolder('slices', false)).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('is undefined, with the error said, where the origin has none to give', async () => {
    const refused = domError('SecurityError');
    vi.stubGlobal('navigator', { storage: { getDirectory: () => Promise.reject(refused) } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await opfsFolder('final-files', true)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('final-files'), refused);
  });
});

describe("a recording's slice file", () => {
  const folderWith = (getFileHandle: () => Promise<unknown>) => () => Promise.resolve({ getFileHandle });

  it('is undefined without a word where the recording has none', async () => {
    stubRoot(folderWith(() => Promise.reject(domError('NotFoundError'))));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await opfsSliceFiles.read('a-recording')).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('is undefined, with the error said, where it is there but cannot be read', async () => {
    const unreadable = domError('NotReadableError');
    stubRoot(folderWith(() => Promise.resolve({ getFile: () => Promise.reject(unreadable) })));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await opfsSliceFiles.read('a-recording')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('a-recording'), unreadable);
  });
});
