import { describe, expect, it, vi } from 'vitest';
import { SliceRoute } from '../../src/content/slice-route';
import type { SliceChannel } from '../../src/platform/slice-channel';

const slice = (size: number) => new Uint8Array(size).buffer;

function channel(results: boolean[]): SliceChannel & { writes: number[]; closed: boolean } {
  const fake = {
    toFile: true,
    writes: [] as number[],
    closed: false,
    write: async (seq: number) => {
      fake.writes.push(seq);
      return (results.shift() ?? true) && {};
    },
    close: () => {
      fake.closed = true;
    },
  };
  return fake;
}

describe('SliceRoute', () => {
  it('sends slices with their bytes over the link where there is no frame', async () => {
    const route = new SliceRoute(undefined);
    const data = slice(5);
    expect(await route.store(0, data)).toEqual({ type: 'slice', seq: 0, data });
  });

  it('stores slices through the frame and sends only their size', async () => {
    const frame = channel([]);
    const onLinkOnly = vi.fn();
    const route = new SliceRoute(Promise.resolve(frame), onLinkOnly);
    expect(await route.store(0, slice(5))).toEqual({ type: 'slice-stored', seq: 0, size: 5 });
    expect(await route.store(1, slice(7))).toEqual({ type: 'slice-stored', seq: 1, size: 7 });
    expect(frame.writes).toEqual([0, 1]);
    expect(onLinkOnly).not.toHaveBeenCalled();
  });

  it('sends the slice the frame failed to store, and every later one, over the link', async () => {
    const frame = channel([true, false, true]);
    const onLinkOnly = vi.fn();
    const route = new SliceRoute(Promise.resolve(frame), onLinkOnly);
    expect((await route.store(0, slice(1))).type).toBe('slice-stored');
    const failed = slice(2);
    expect(await route.store(1, failed)).toEqual({ type: 'slice', seq: 1, data: failed });
    expect((await route.store(2, slice(3))).type).toBe('slice');
    expect(frame.writes).toEqual([0, 1]);
    expect(frame.closed).toBe(true);
    expect(onLinkOnly).toHaveBeenCalledExactlyOnceWith('write-failed');
  });

  it('waits for the frame to open, and uses the link when it does not', async () => {
    let opened: (channel: SliceChannel | undefined) => void = () => {};
    const onLinkOnly = vi.fn();
    const route = new SliceRoute(new Promise((resolve) => (opened = resolve)), onLinkOnly);
    const first = route.store(0, slice(4));
    opened(undefined);
    expect((await first).type).toBe('slice');
    expect(onLinkOnly).toHaveBeenCalledExactlyOnceWith('unavailable');
  });
});
