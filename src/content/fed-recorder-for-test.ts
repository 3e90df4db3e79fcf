/**
 * Test builds only (every caller is under `if (__TEST__)`, so none of this ships): a
 * stand-in for MediaRecorder that hands over slices cut from a real recording, served by
 * the benchmark (npm run bench:long), as fast as the extension stores them. Hours of
 * recording can then be stored and finished in minutes through the real path: the slice
 * queue, the slice-writer frame (Firefox) or the port (Chromium), the background's intake
 * and index. It reads the recording a batch at a time and waits for the background to
 * acknowledge each batch before the next, so no more than two batches are ever held here.
 */

import { FEED_DONE_FOR_TEST, FEED_SLICES_FOR_TEST, type SliceFeedForTest } from '../shared/test-hooks';
import type { RecordingOutput } from './capture-output';
import type { MediaElement } from './media-discovery';

/** Slices read per request (about 10 MB at 1080p bitrates). */
const BATCH = 16;

export interface FedRecorder {
  /** Stands for the MediaRecorder: its state, stop() and events are all the capture uses. */
  recorder: MediaRecorder;
  /** The recorded time the capture notes a Stop at: 0 until the whole feed is in, then its length. */
  clock: () => number;
  /** Starts feeding; `output.drain()` resolves once every slice handed over so far is stored. */
  feed(output: Drainable): void;
}

/** What the feed waits on between batches (capture-output.ts). */
type Drainable = Pick<RecordingOutput, 'drain'>;

type Listener = (event: { type: string; data?: Blob }) => void;

/**
 * Keeps its own listeners rather than extending EventTarget: in a Firefox content script a
 * subclass of a DOM constructor gets the page's object back, without the subclass's methods.
 */
class FeedRecorder {
  state: RecordingState = 'inactive';
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(readonly mimeType: string) {}

  addEventListener(type: string, listener: Listener, options?: boolean | AddEventListenerOptions): void {
    const listeners = this.listeners.get(type) ?? new Set<Listener>();
    listeners.add(listener);
    this.listeners.set(type, listeners);
    const signal = typeof options === 'object' ? options.signal : undefined;
    signal?.addEventListener('abort', () => this.removeEventListener(type, listener));
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  private emit(type: string, data?: Blob): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener({ type, ...(data ? { data } : {}) });
  }

  begin(): void {
    this.state = 'recording';
    this.emit('start');
  }

  hand(data: Blob): void {
    this.emit('dataavailable', data);
  }

  stop(): void {
    if (this.state === 'inactive') return;
    this.state = 'inactive';
    // After the caller's turn, as MediaRecorder's own stop event comes.
    setTimeout(() => this.emit('stop'));
  }

  pause(): void {}
  resume(): void {}
  requestData(): void {}
}

async function readRange(url: string, start: number, end: number): Promise<ArrayBuffer> {
  const response = await fetch(url, { headers: { range: `bytes=${start}-${end - 1}` }, cache: 'no-store' });
  if (response.status !== 206) throw new Error(`feed: ${url} answered ${response.status} to a range`);
  const bytes = await response.arrayBuffer();
  if (bytes.byteLength !== end - start) throw new Error(`feed: ${bytes.byteLength} bytes, ${end - start} asked`);
  return bytes;
}

/** The fed recorder for `element`, if the page asked for a feed; undefined otherwise. */
export function fedRecorderFor(element: MediaElement, mimeType: string): FedRecorder | undefined {
  const feedUrl = element.getAttribute(FEED_SLICES_FOR_TEST);
  if (!feedUrl) return undefined;
  const recorder = new FeedRecorder(mimeType);
  let durationMs = 0;
  let complete = false;
  const run = async (output: Drainable) => {
    const feed = (await (await fetch(feedUrl, { cache: 'no-store' })).json()) as SliceFeedForTest;
    const file = new URL(feed.file, feedUrl).href;
    let offset = 0;
    for (let first = 0; first < feed.sizes.length && recorder.state !== 'inactive'; first += BATCH) {
      const sizes = feed.sizes.slice(first, first + BATCH);
      const end = offset + sizes.reduce((sum, size) => sum + size, 0);
      const bytes = await readRange(file, offset, end);
      let at = 0;
      for (const size of sizes) {
        recorder.hand(new Blob([bytes.slice(at, at + size)], { type: mimeType }));
        at += size;
      }
      offset = end;
      // Bounded: the next batch is read only once this one is stored and acknowledged (the
      // slice queue included: draining the link alone let Firefox's frame fall minutes behind).
      await output.drain(600_000);
    }
    durationMs = feed.durationMs;
    complete = true;
    element.setAttribute(FEED_DONE_FOR_TEST, String(feed.sizes.length));
  };
  return {
    recorder: recorder as unknown as MediaRecorder,
    clock: () => (complete ? durationMs : 0),
    feed(output) {
      recorder.begin();
      run(output).catch((error: unknown) => {
        console.error('Media Recorder: the test feed failed', error);
        element.setAttribute(FEED_DONE_FOR_TEST, `failed: ${String(error)}`);
      });
    },
  };
}
