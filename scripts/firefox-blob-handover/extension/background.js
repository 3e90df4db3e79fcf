/* global browser, indexedDB, fetch, navigator, performance, Worker, URL, Blob */
/**
 * Firefox's background page: stores parts as the recorder does, composes a file in the
 * shape the driver asks for, and saves it with downloads.download from a blob URL made
 * here, reporting each step to the driver (index.ts) on 127.0.0.1:8765.
 */
const DRIVER = 'http://127.0.0.1:8765';
const report = (path, body) => fetch(DRIVER + path, { method: 'POST', body: JSON.stringify(body) });

function part(i, size) {
  const bytes = new Uint8Array(size);
  for (let k = 0; k < size; k += 4096) bytes[k] = (i * 31 + k) & 255;
  return bytes;
}

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('probe', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('parts');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transaction(db, mode, work) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('parts', mode);
    const out = {};
    work(tx.objectStore('parts'), out);
    tx.oncomplete = () => resolve(out.value);
    tx.onerror = () => reject(tx.error);
  });
}

const get = (db, key) =>
  transaction(db, 'readonly', (store, out) => {
    const request = store.get(key);
    request.onsuccess = () => (out.value = request.result);
  });

async function storeParts(db, n, size, oneBlob) {
  await transaction(db, 'readwrite', (store) => store.clear());
  if (oneBlob) {
    const parts = Array.from({ length: n }, (_, i) => new Blob([part(i, size)]));
    await transaction(db, 'readwrite', (store) => store.put(new Blob(parts), 0));
    return;
  }
  for (let first = 0; first < n; first += 16) {
    await transaction(db, 'readwrite', (store) => {
      for (let i = first; i < Math.min(n, first + 16); i++) store.put(new Blob([part(i, size)]), i);
    });
  }
}

const readParts = (db) =>
  transaction(db, 'readonly', (store, out) => {
    const request = store.getAll();
    request.onsuccess = () => (out.value = request.result);
  });

async function compose(config, db) {
  const header = new Uint8Array(config.header ?? 1500);
  switch (config.shape) {
    case 'idb-parts':
    case 'idb-one':
      return new Blob([header, ...(await readParts(db))]);
    case 'idb-grouped': {
      const parts = await readParts(db);
      const groups = [];
      for (let i = 0; i < parts.length; i += config.group) groups.push(new Blob(parts.slice(i, i + config.group)));
      return new Blob([header, ...groups]);
    }
    case 'memory':
      return new Blob([header, ...Array.from({ length: config.n }, (_, i) => part(i, config.size))]);
    case 'opfs-copy': {
      const handle = await (await navigator.storage.getDirectory()).getFileHandle('copy.bin', { create: true });
      const writable = await handle.createWritable();
      await writable.write(new Blob([header, ...(await readParts(db))]));
      await writable.close();
      return handle.getFile();
    }
    case 'opfs-stream-copy': {
      // As the extension does (src/platform/flat-copies.ts): the composed Blob streamed here, chunk by chunk.
      const handle = await (await navigator.storage.getDirectory()).getFileHandle('copy.bin', { create: true });
      await new Blob([header, ...(await readParts(db))]).stream().pipeTo(await handle.createWritable());
      return handle.getFile();
    }
    case 'idb-consolidated': {
      const parts = await readParts(db);
      const per = Math.ceil(parts.length / config.pieces);
      const keys = Array.from({ length: config.pieces }, (_, j) => `piece-${j}`);
      await Promise.all(
        keys.map((key, j) =>
          transaction(db, 'readwrite', (store) => store.put(new Blob(parts.slice(j * per, (j + 1) * per)), key)),
        ),
      );
      return new Blob([header, ...(await Promise.all(keys.map((key) => get(db, key))))]);
    }
    case 'opfs-appended': {
      const file = await (await (await navigator.storage.getDirectory()).getFileHandle('appended.bin')).getFile();
      return config.whole ? file : new Blob([header, file.slice(12, file.size)]);
    }
  }
  throw new Error(`unknown shape ${config.shape}`);
}

async function main() {
  const config = await (await fetch(DRIVER + '/config')).json();
  const db = await openDb();
  let startedAt = performance.now();
  if (config.shape === 'opfs-appended') {
    const worker = new Worker('worker.js');
    await new Promise((resolve, reject) => {
      worker.onmessage = resolve;
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage({ n: config.n, size: config.size });
    });
  } else if (config.shape !== 'memory') {
    await storeParts(db, config.n, config.size, config.shape === 'idb-one');
  }
  await report('/event', { event: 'stored', ms: performance.now() - startedAt });
  await fetch(DRIVER + '/go');
  startedAt = performance.now();
  const file = await compose(config, db);
  const composedMs = performance.now() - startedAt;
  const url = URL.createObjectURL(file);
  const ended = new Promise((resolve) =>
    browser.downloads.onChanged.addListener((delta) => {
      if (delta.state && delta.state.current !== 'in_progress') resolve(delta.state.current);
    }),
  );
  await browser.downloads.download({ url, filename: 'probe.bin' });
  const startedMs = performance.now() - startedAt;
  if (config.revokeEarly) URL.revokeObjectURL(url);
  await report('/event', { event: 'started', composedMs, startedMs, size: file.size });
  const state = await ended;
  await report('/event', { event: 'ended', state, ms: performance.now() - startedAt });
  URL.revokeObjectURL(url);
}

main().catch((error) => report('/event', { event: 'error', message: `${error} ${error.stack}` }));
