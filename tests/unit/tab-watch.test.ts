import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FrameMedia } from '../../src/shared/media-report';
import type { PopupUpdate, UiClient } from '../../src/platform/messaging/ui-port';

let onUpdated: (tabId: number, change: { status?: string }) => void = () => undefined;
const sendToFrame = vi.fn(async () => ({ ok: true }));
const injectContentScript = vi.fn(async (): Promise<number[] | string> => [0]);
const askFrames = vi.fn(async (_tabId: number, frameIds: number[]) => new Map(frameIds.map((id) => [id, report()])));
vi.mock('webextension-polyfill', () => ({
  default: { tabs: { onUpdated: { addListener: (listener: typeof onUpdated) => (onUpdated = listener) } } },
}));
vi.mock('../../src/platform/messaging/protocol', () => ({ sendToFrame }));
vi.mock('../../src/background/tab-inspector', () => ({ injectContentScript, askFrames }));

const { tabWatch } = await import('../../src/background/tab-watch');

function report(overrides: Partial<FrameMedia> = {}): FrameMedia {
  return { media: [], origin: 'https://example.com', frameOrigins: [], frameChanges: 0, ...overrides };
}

function popup(): UiClient<PopupUpdate> & { updates: PopupUpdate[] } {
  const updates: PopupUpdate[] = [];
  return { updates, send: (update) => updates.push(update) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  vi.clearAllMocks();
});

describe('tabWatch', () => {
  it('injects once when a popup opens, then forwards each frame’s report', async () => {
    const tabs = tabWatch();
    const open = popup();
    tabs.watch(open, 7);
    await settle();
    expect(injectContentScript).toHaveBeenCalledTimes(1);
    expect(open.updates.at(-1)).toEqual({ type: 'tab-media', contents: { ok: true, media: [], originsToAsk: [] } });

    const video = { id: 'm1', kind: 'video', label: 'late' } as FrameMedia['media'][number];
    expect(tabs.reported(report({ media: [video] }), 7, 0)).toEqual({ watching: true });
    const last = open.updates.at(-1) as Extract<PopupUpdate, { type: 'tab-media' }>;
    expect(last.contents.ok && last.contents.media.map((item) => `${item.frameId}:${item.id}`)).toEqual(['0:m1']);
    expect(injectContentScript).toHaveBeenCalledTimes(1);
  });

  it('tells the frames to stop once the tab’s last popup closes, and answers late reports "stop"', async () => {
    const tabs = tabWatch();
    const first = popup();
    const second = popup();
    tabs.watch(first, 3);
    tabs.watch(second, 3);
    await settle();
    expect(tabs.closed(first)).toEqual([]);
    expect(sendToFrame).not.toHaveBeenCalled();
    expect(tabs.closed(second)).toEqual([3]);
    expect(sendToFrame).toHaveBeenCalledWith(3, 0, 'unwatch-media', {});
    expect(tabs.reported(report(), 3, 0)).toEqual({ watching: false });
    expect(tabs.reported(report(), 99, 0)).toEqual({ watching: false });
  });

  it('says why when the tab cannot be looked into', async () => {
    injectContentScript.mockResolvedValueOnce('page-forbidden');
    const tabs = tabWatch();
    const open = popup();
    tabs.watch(open, 4);
    await settle();
    expect(open.updates.at(-1)).toEqual({ type: 'tab-media', contents: { ok: false, error: 'page-forbidden' } });
  });

  it('injects again when a frame’s child frames changed, and after a navigation', async () => {
    vi.useFakeTimers();
    try {
      const tabs = tabWatch();
      tabs.watch(popup(), 5);
      await vi.advanceTimersByTimeAsync(0);
      tabs.reported(report({ frameChanges: 1 }), 5, 0);
      tabs.reported(report({ frameChanges: 2 }), 5, 0);
      await vi.advanceTimersByTimeAsync(300);
      expect(injectContentScript).toHaveBeenCalledTimes(2);

      // A finished load of the same document is no reason to look again; a new one is.
      onUpdated(5, { status: 'complete' });
      await vi.advanceTimersByTimeAsync(0);
      expect(injectContentScript).toHaveBeenCalledTimes(2);
      onUpdated(5, { status: 'loading' });
      onUpdated(5, { status: 'complete' });
      await vi.advanceTimersByTimeAsync(0);
      expect(injectContentScript).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
