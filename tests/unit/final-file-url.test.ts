import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordingStore } from '../../src/platform/recording-store';
import type { RecordingRecord } from '../../src/shared/recording-record';

// Chromium's path: the service worker lends the file from its offscreen document.
const sendToOffscreen = vi.fn();
vi.mock('../../src/platform/messaging/protocol', () => ({ sendToOffscreen }));
const closeOffscreenDocument = vi.fn(async () => undefined);
vi.mock('../../src/platform/background/offscreen-document', () => ({
  ensureOffscreenDocument: async () => undefined,
  closeOffscreenDocument,
}));
vi.mock('../../src/finishing/final-file', () => ({ buildFinalFile: vi.fn() }));

const { lendFromOffscreen, readAheadOffscreen, READ_AHEAD_KEEP_MS } =
  await import('../../src/background/final-file-url');

const record = { id: 'r1' } as RecordingRecord;
const prepared = { url: 'blob:offscreen/1', finalized: true, durationSeconds: 3, size: 10 };

describe('lending a finished file from the offscreen document (Chromium)', () => {
  afterEach(() => {
    sendToOffscreen.mockReset();
  });

  it('keeps a saved file saved when letting go of its URL fails', async () => {
    sendToOffscreen.mockImplementation(async (type: string) => {
      if (type === 'prepare-file') return prepared;
      throw new Error('the offscreen document went away');
    });
    const saved = await lendFromOffscreen(
      {} as RecordingStore,
      record,
      () => undefined,
      async (file) => file.url,
    );
    expect(saved).toBe(prepared.url);
    expect(sendToOffscreen).toHaveBeenCalledWith('revoke-object-url', { url: prepared.url });
  });
});

describe('lending a finished file built here (Firefox)', () => {
  it('loads the finishing module only when a file is asked for, and lets go of the URL after', async () => {
    const { lendBuiltHere } = await import('../../src/background/final-file-url');
    const file = new Blob(['finished'], { type: 'video/webm' });
    const buildFinalFile = vi.fn(async () => ({ file, finalized: true, durationSeconds: 2, size: file.size }));
    const load = vi.fn(async () => ({ buildFinalFile }));
    const lend = lendBuiltHere(load);
    expect(load).not.toHaveBeenCalled();

    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    let lentUrl = '';
    const lent = await lend(
      {} as RecordingStore,
      record,
      () => undefined,
      async (prepared) => {
        lentUrl = prepared.url;
        return prepared;
      },
    );
    expect(load).toHaveBeenCalledOnce();
    expect(lent).toMatchObject({ finalized: true, durationSeconds: 2, size: file.size });
    expect(lentUrl).toMatch(/^blob:/);
    expect(revoke).toHaveBeenCalledWith(lentUrl);
  });

  describe('a file of more stored parts than Firefox reads from disk', () => {
    const composed = (storedParts: number) => {
      const file = new Blob(['composed'], { type: 'video/webm' });
      return { file, storedParts, finalized: true, composed: true, durationSeconds: 2, size: file.size };
    };
    const copyOf = new Blob(['one file'], { type: 'video/webm' });

    async function lendWith(storedParts: number, made: 'copy' | 'no room') {
      const { lendBuiltHere } = await import('../../src/background/final-file-url');
      const events: string[] = [];
      const copies = {
        copy: vi.fn(async () => {
          events.push('copied');
          return made === 'copy' ? { file: copyOf, release: async () => void events.push('released') } : undefined;
        }),
      };
      const created = vi.spyOn(URL, 'createObjectURL');
      const lend = lendBuiltHere(async () => ({ buildFinalFile: vi.fn(async () => composed(storedParts)) }), copies);
      const lent = await lend(
        {} as RecordingStore,
        record,
        () => undefined,
        async (prepared) => {
          events.push('saved');
          return prepared;
        },
      );
      const madeFrom = created.mock.calls.at(-1)![0];
      created.mockRestore();
      return { lent, events, copies, madeFrom };
    }

    it('is saved from a copy in one file, deleted once saved', async () => {
      const { lent, events, madeFrom } = await lendWith(9, 'copy');
      expect(madeFrom).toBe(copyOf);
      expect(events).toEqual(['copied', 'saved', 'released']);
      // What the save is told is the file's, not how it was lent.
      expect(lent).not.toHaveProperty('storedParts');
      expect(lent).toMatchObject({ composed: true, size: 'composed'.length });
    });

    it('is saved as it is at 8 parts or fewer', async () => {
      const { events, copies, madeFrom } = await lendWith(8, 'copy');
      expect(copies.copy).not.toHaveBeenCalled();
      expect(madeFrom).not.toBe(copyOf);
      expect(events).toEqual(['saved']);
    });

    it('is still saved where no copy can be made', async () => {
      const { events, madeFrom } = await lendWith(40, 'no room');
      expect(madeFrom).not.toBe(copyOf);
      expect(events).toEqual(['copied', 'saved']);
    });
  });
});

describe('preparing a finished file as its Stop is pressed', () => {
  it('Chromium: has the offscreen document read the slices ahead, and never throws', async () => {
    const { readAheadOffscreen } = await import('../../src/background/final-file-url');
    sendToOffscreen.mockReset();
    sendToOffscreen.mockResolvedValueOnce({ ok: true });
    await readAheadOffscreen(record, { pack: false });
    expect(sendToOffscreen).toHaveBeenCalledWith('read-ahead', { recordingId: record.id, pack: false });
    sendToOffscreen.mockRejectedValueOnce(new Error('no document'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(readAheadOffscreen(record, { pack: false })).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalled();
  });

  it('Chromium: packs the slices along a recording, never as its Stop is pressed', async () => {
    const { readAheadFinalFile, readAlongFinalFile } = await import('../../src/background/final-file-url');
    sendToOffscreen.mockReset();
    sendToOffscreen.mockResolvedValue({ ok: true });
    readAlongFinalFile({} as RecordingStore, record);
    await vi.waitFor(() =>
      expect(sendToOffscreen).toHaveBeenCalledWith('read-ahead', { recordingId: record.id, pack: true }),
    );
    sendToOffscreen.mockClear();
    readAheadFinalFile({} as RecordingStore, record);
    await vi.waitFor(() =>
      expect(sendToOffscreen).toHaveBeenCalledWith('read-ahead', { recordingId: record.id, pack: false }),
    );
  });

  it('Firefox: reads a long recording along in this page, without loading the finishing module', async () => {
    const { readAlongHere } = await import('../../src/background/final-file-url');
    const prefetchSlices = vi.fn();
    readAlongHere({ prefetchSlices } as unknown as RecordingStore, record);
    expect(prefetchSlices).toHaveBeenCalledWith(record.id);
  });

  it('Firefox: loads the finishing module and reads the slices ahead in this page', async () => {
    const { readAheadHere } = await import('../../src/background/final-file-url');
    const buildFinalFile = vi.fn();
    const load = vi.fn(async () => ({ buildFinalFile }));
    const prefetchSlices = vi.fn();
    readAheadHere(load)({ prefetchSlices } as unknown as RecordingStore, record);
    expect(load).toHaveBeenCalledOnce();
    // Stop's read: it gathers the index of what it read, too.
    expect(prefetchSlices).toHaveBeenCalledWith(record.id, { gather: true });
  });

  it('Chromium: keeps the document, and what it read, between two steps read along, then closes it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      sendToOffscreen.mockReset();
      sendToOffscreen.mockResolvedValue({ ok: true });
      closeOffscreenDocument.mockClear();
      await readAheadOffscreen(record, { pack: true });
      await vi.advanceTimersByTimeAsync(60_000);
      await readAheadOffscreen(record, { pack: true });
      // A file lent meanwhile: its idle time is shorter than what is kept for the read.
      sendToOffscreen.mockResolvedValueOnce(prepared);
      await lendFromOffscreen(
        {} as RecordingStore,
        { id: 'other' } as RecordingRecord,
        () => undefined,
        async () => 0,
      );
      await vi.advanceTimersByTimeAsync(READ_AHEAD_KEEP_MS - 1_000);
      expect(closeOffscreenDocument).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(closeOffscreenDocument).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });
});
