import { afterEach, describe, expect, it, vi } from 'vitest';
import { PACK_ANSWER_MS, packInWorker } from '../../src/pages/offscreen/pack-in-worker';
import type { PackReply } from '../../src/pages/offscreen/slice-pack-protocol';

/** A stand-in for the packing worker: answers as the test says, and tells whether it was ended. */
class FakeWorker {
  static made: FakeWorker[] = [];
  static answer: PackReply | 'never' | 'fail' = 'never';
  onmessage: ((event: { data: PackReply }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  terminated = false;
  constructor(readonly url: URL) {
    FakeWorker.made.push(this);
  }
  postMessage(): void {
    const answer = FakeWorker.answer;
    if (answer === 'never') return;
    queueMicrotask(() =>
      answer === 'fail' ? this.onerror?.({ message: 'no such script' }) : this.onmessage?.({ data: answer }),
    );
  }
  terminate(): void {
    this.terminated = true;
  }
}

const request = { database: 'd', recordingId: 'r', after: 5, length: 256 };

describe('packInWorker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
    FakeWorker.made = [];
  });
  const stub = (answer: typeof FakeWorker.answer) => {
    FakeWorker.answer = answer;
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('location', { href: 'chrome-extension://x/pages/offscreen/offscreen.html' });
  };

  it('gives the group packed, and ends the worker', async () => {
    stub({ ok: true, group: { first: 6, last: 261, made: true } });
    expect(await packInWorker(request)).toEqual({ first: 6, last: 261, made: true });
    expect(FakeWorker.made[0]!.url.href).toBe('chrome-extension://x/pages/offscreen/slice-pack-worker.js');
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });

  it('fails with the worker’s error, or its failing to run, and ends it', async () => {
    stub({ ok: false, error: 'QuotaExceededError' });
    await expect(packInWorker(request)).rejects.toThrow('QuotaExceededError');
    stub('fail');
    await expect(packInWorker(request)).rejects.toThrow('no such script');
    expect(FakeWorker.made.every((worker) => worker.terminated)).toBe(true);
  });

  it('ends a worker that does not answer, so the reads along go on', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    stub('never');
    const packed = packInWorker(request);
    const failed = expect(packed).rejects.toThrow(/did not answer/);
    vi.advanceTimersByTime(PACK_ANSWER_MS);
    await failed;
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });
});
