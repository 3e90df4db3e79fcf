/**
 * The page the bench records from, written next to the clips and served by the e2e tests'
 * server. It plays `?clip=` and counts the frames it presents (requestVideoFrameCallback)
 * into a preallocated array, so counting does not grow the page's memory. It also holds
 * the baseline recorder: plain captureStream() + MediaRecorder with no timeslice, every
 * chunk kept as a Blob in the page until stop, then one download through <a download>,
 * as recorders of this kind do. Plain JavaScript in the page, so no bundler helper can
 * leak into code run in the browser.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const PAGE_FILE = 'bench.html';

const PAGE = String.raw`<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>Bench clip</title>
  </head>
  <body>
    <h1>Recording benchmark</h1>
    <video controls autoplay width="640" height="360"></video>
    <script>
      'use strict';
      const video = document.querySelector('video');
      video.src = new URLSearchParams(location.search).get('clip');

      // Per presented frame: wall-clock ms, presentedFrames, mediaTime. Room for 3 hours at 30 fps.
      const frames = new Float64Array(3 * 30 * 3600 * 3);
      let frameCount = 0;
      const onFrame = (now, meta) => {
        if (3 * frameCount + 3 <= frames.length) {
          frames.set([Date.now(), meta.presentedFrames, meta.mediaTime], 3 * frameCount);
          frameCount++;
        }
        video.requestVideoFrameCallback(onFrame);
      };
      if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(onFrame);

      /** The last frame presented at or before wall-clock time t (ms), or null. */
      window.benchFrameAt = (t) => {
        let low = 0;
        let high = frameCount - 1;
        if (high < 0 || frames[0] > t) return null;
        while (low < high) {
          const middle = Math.ceil((low + high) / 2);
          if (frames[3 * middle] <= t) low = middle;
          else high = middle - 1;
        }
        return { time: frames[3 * low], presentedFrames: frames[3 * low + 1], mediaTime: frames[3 * low + 2] };
      };
      window.benchPlayback = () => {
        const quality = video.getVideoPlaybackQuality();
        return {
          currentTime: video.currentTime,
          totalVideoFrames: quality.totalVideoFrames,
          droppedVideoFrames: quality.droppedVideoFrames,
        };
      };

      // The baseline recorder. The same container and codec preference as the extension's
      // automatic choice: MP4 with H.264 where the browser records it, else WebM.
      const TYPES = [
        'video/mp4;codecs=avc1.42E01E,mp4a.40.2',
        'video/mp4;codecs=avc1,opus',
        'video/webm;codecs=vp9,opus',
        'video/webm;codecs=vp8,opus',
      ];
      let recorder;
      let chunks = [];
      window.benchBaselineStart = async (bitrates) => {
        const stream = video.captureStream ? video.captureStream() : video.mozCaptureStream();
        const complete = () => stream.getAudioTracks().length > 0 && stream.getVideoTracks().length > 0;
        for (let waited = 0; !complete() && waited < 3000; waited += 20) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type));
        recorder = new MediaRecorder(stream, { mimeType, ...bitrates });
        recorder.ondataavailable = (event) => chunks.push(event.data);
        recorder.start();
        return { mimeType, tracks: stream.getTracks().map((track) => track.kind) };
      };
      window.benchBaselineStop = (name) => {
        recorder.onstop = () => {
          const blob = new Blob(chunks, { type: recorder.mimeType });
          const link = document.createElement('a');
          link.href = URL.createObjectURL(blob);
          link.download = name + (recorder.mimeType.startsWith('video/mp4') ? '.mp4' : '.webm');
          document.body.append(link);
          link.click();
        };
        recorder.stop();
      };
    </script>
  </body>
</html>
`;

export function writePage(dir: string): void {
  writeFileSync(path.join(dir, PAGE_FILE), PAGE);
}
