/* global postMessage, navigator */
/** Appends `n` parts of `size` bytes to one OPFS file through a SyncAccessHandle, as a recorder could. */
globalThis.onmessage = async (event) => {
  const { n, size } = event.data;
  const root = await navigator.storage.getDirectory();
  const handle = await (await root.getFileHandle('appended.bin', { create: true })).createSyncAccessHandle();
  handle.truncate(0);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const part = new Uint8Array(size);
    part[0] = i & 255;
    at += handle.write(part, { at });
    if (i % 16 === 15) handle.flush();
  }
  handle.flush();
  handle.close();
  postMessage({ at });
};
