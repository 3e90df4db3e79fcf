/**
 * The page of `npm run bench:long`, written next to its files and served by the e2e tests'
 * server. It plays `?clip=` in a loop; with `?feed=` its video carries the test build's feed
 * attribute, so the extension stores the feed's slices instead of what it would record.
 * (The heading is where Firefox's popup driver clicks to give the page the keyboard.)
 * It can also make the short real recording the feeds are cut from, and play a finished
 * file with a seek near its end. Plain JavaScript in the page.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FEED_SLICES_FOR_TEST } from '../../src/shared/test-hooks';

export const PAGE_FILE = 'bench-long.html';

const PAGE = String.raw`<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>Long recording bench</title>
  </head>
  <body>
    <h1>Long recording bench</h1>
    <video controls autoplay loop width="640" height="360"></video>
    <script>
      'use strict';
      const query = new URLSearchParams(location.search);
      const video = document.querySelector('video');
      if (query.get('feed')) video.setAttribute('${FEED_SLICES_FOR_TEST}', query.get('feed'));
      if (query.get('clip')) video.src = query.get('clip');

      /** A real recording of the playing video, as the extension asks for it; resolves to base64. */
      window.benchRecordBase = async (mimeType, options, seconds) => {
        const stream = video.captureStream ? video.captureStream() : video.mozCaptureStream();
        for (let waited = 0; stream.getTracks().length < 2 && waited < 3000; waited += 20) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const recorder = new MediaRecorder(stream, { mimeType, ...options });
        const chunks = [];
        recorder.ondataavailable = (event) => chunks.push(event.data);
        const stopped = new Promise((resolve) => (recorder.onstop = resolve));
        recorder.start(1000);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        recorder.stop();
        await stopped;
        const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(text);
      };

      /**
       * Plays the url in a new video, seeks to "at" seconds and waits for the seek and a frame
       * presented there; resolves to what was seen.
       */
      window.benchPlayAndSeek = (url, at, timeoutMs) =>
        new Promise((resolve) => {
          const player = document.createElement('video');
          player.muted = true;
          const started = performance.now();
          const done = (result) => {
            resolve({ ...result, duration: player.duration, currentTime: player.currentTime, ms: performance.now() - started });
            player.remove();
          };
          const timer = setTimeout(() => done({ ok: false, error: 'timed out' }), timeoutMs);
          player.onerror = () => (clearTimeout(timer), done({ ok: false, error: String(player.error && player.error.message) }));
          player.onloadedmetadata = () => (player.currentTime = at);
          player.onseeked = () => {
            player.requestVideoFrameCallback((now, meta) => {
              clearTimeout(timer);
              done({ ok: true, frameTime: meta.mediaTime, width: meta.width });
            });
            player.play().catch(() => undefined);
          };
          player.src = url;
          document.body.append(player);
        });
    </script>
  </body>
</html>
`;

export function writePage(dir: string): void {
  writeFileSync(path.join(dir, PAGE_FILE), PAGE);
}
