import { launchChromium } from './support/chromium';
const session = await launchChromium({ build: '/work/main/dist/bench-long/chromium' });
const page = await session.browser.newPage();
page.on('console', (m) => console.log('PAGE', m.text()));
await page.goto(`chrome-extension://${session.extensionId}/pages/offscreen/offscreen.html`);
const out = await page.evaluate(async () => {
  const log: string[] = [];
  // store some rows
  const open = indexedDB.open('media-recorder', 4);
  const db: IDBDatabase = await new Promise((res, rej) => {
    open.onsuccess = () => res(open.result);
    open.onerror = () => rej(open.error);
    open.onupgradeneeded = () => {
      const d = open.result;
      d.createObjectStore('recordings', { keyPath: 'id' });
      d.createObjectStore('slices', { keyPath: ['recordingId', 'seq'] });
      d.createObjectStore('packs', { keyPath: ['recordingId', 'first'] });
    };
  });
  for (let i = 0; i < 10; i++)
    await new Promise((res) => {
      const tx = db.transaction('slices', 'readwrite');
      tx.objectStore('slices').put({ recordingId: 'r', seq: i, size: 3, data: new Blob(['abc']) });
      tx.oncomplete = res;
    });
  const t0 = performance.now();
  const w = new Worker(new URL('slice-pack-worker.js', location.href));
  const reply = await new Promise((res) => {
    w.onmessage = (e) => res(JSON.stringify(e.data));
    w.onerror = (e) => res('error ' + (e as ErrorEvent).message);
    setTimeout(() => res('timeout'), 5000);
    w.postMessage({ database: 'media-recorder', recordingId: 'r', after: -Infinity, length: 4 });
  });
  log.push(`reply ${reply} in ${performance.now() - t0}`);
  return log;
});
console.log(out);
await session.close();
