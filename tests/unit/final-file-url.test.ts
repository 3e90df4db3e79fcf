import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordingStore } from '../../src/platform/recording-store';
import type { RecordingRecord } from '../../src/shared/recording-record';

// Chromium's path: the service worker lends the file from its offscreen document.
const sendToOffscreen = vi.fn();
vi.mock('../../src/platform/messaging/protocol', () => ({ sendToOffscreen }));
vi.mock('../../src/background/offscreen-document', () => ({
  ensureOffscreenDocument: async () => undefined,
  closeOffscreenDocument: async () => undefined,
}));
vi.mock('../../src/finishing/final-file', () => ({ buildFinalFile: vi.fn() }));

const { withFinalFileUrl } = await import('../../src/background/final-file-url');

const record = { id: 'r1' } as RecordingRecord;
const prepared = { url: 'blob:offscreen/1', finalized: true, durationSeconds: 3, size: 10 };

describe('withFinalFileUrl, from the offscreen document', () => {
  const createObjectURL = URL.createObjectURL;
  afterEach(() => {
    URL.createObjectURL = createObjectURL;
    sendToOffscreen.mockReset();
  });

  it('keeps a saved file saved when letting go of its URL fails', async () => {
    // As in a service worker, which has no URL.createObjectURL.
    URL.createObjectURL = undefined as unknown as typeof URL.createObjectURL;
    sendToOffscreen.mockImplementation(async (type: string) => {
      if (type === 'prepare-file') return prepared;
      throw new Error('the offscreen document went away');
    });
    const saved = await withFinalFileUrl(
      {} as RecordingStore,
      record,
      () => undefined,
      async (file) => file.url,
    );
    expect(saved).toBe(prepared.url);
    expect(sendToOffscreen).toHaveBeenCalledWith('revoke-object-url', { url: prepared.url });
  });
});
