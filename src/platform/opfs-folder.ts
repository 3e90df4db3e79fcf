/**
 * A folder at the top of the extension's origin private file system (OPFS), where finished
 * files (final-files.ts) and Firefox's slice files (slice-files.ts) are kept.
 */

/**
 * The folder `name`, made if `create`; undefined where there is no OPFS (a private window,
 * a context without it) or, without `create`, where nothing was ever written to it.
 */
export async function opfsFolder(name: string, create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    const root = await navigator.storage.getDirectory();
    return await root.getDirectoryHandle(name, { create });
  } catch (error) {
    // Not there yet is expected; anything else (no OPFS in a private window, a damaged profile) is said.
    if (!isNotFound(error)) console.warn(`Media Recorder: no folder ${name} in the extension's private files`, error);
    return undefined;
  }
}

/** The error of a file or folder that is not there: expected, and nothing to report. */
export const isNotFound = (error: unknown) => (error as { name?: unknown } | null)?.name === 'NotFoundError';
