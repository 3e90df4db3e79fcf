import { newWebmScan } from '../../src/shared/webm-index';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openSliceChannel,
  serveSliceChannel,
  type FrameTarget,
  type SliceChannel,
  type SliceWriter,
} from '../../src/platform/slice-channel';

const ORIGIN = 'moz-extension://writer';
const REQUEST = { recordingId: 'rec-1', key: 'secret', mimeType: 'video/webm' };
const QUICK = { readyMs: 200, writeMs: 200 };

/** Stands in for the frame's window: hands each offer to the frame's end, as Firefox does. */
function frameServing(open: Parameters<typeof serveSliceChannel>[2], seen: unknown[] = []): FrameTarget {
  return {
    postMessage(message, targetOrigin, transfer) {
      expect(targetOrigin).toBe(ORIGIN);
      seen.push(message);
      serveSliceChannel(message, transfer[0] as MessagePort, open);
    },
  };
}

const channels: SliceChannel[] = [];
async function open(frame: FrameTarget, timeouts = QUICK): Promise<SliceChannel | undefined> {
  const channel = await openSliceChannel(frame, ORIGIN, REQUEST, timeouts);
  if (channel) channels.push(channel);
  return channel;
}
afterEach(() => channels.splice(0).forEach((channel) => channel.close()));

const slice = (...values: number[]) => new Uint8Array(values).buffer;

describe('slice channel', () => {
  it('says whether the frame appends the slices to a slice file', async () => {
    const writer = Object.assign(async () => ({}), { toFile: true });
    const channel = await open(frameServing(async () => writer));
    expect(channel!.toFile).toBe(true);
  });

  it('writes each slice, in order, once the frame accepted the recording, and says when it is stored', async () => {
    const stored: { seq: number; bytes: number[] }[] = [];
    const requests: unknown[] = [];
    const writer: SliceWriter = async (seq, data) => {
      stored.push({ seq, bytes: [...new Uint8Array(data)] });
      return seq === 1 ? { webmScan: newWebmScan() } : {};
    };
    const channel = await open(
      frameServing(async (request) => {
        requests.push(request);
        return writer;
      }),
    );
    expect(channel).toBeDefined();
    expect(channel!.toFile).toBe(false);
    expect(requests).toEqual([REQUEST]);
    const written = await Promise.all([channel!.write(0, slice(1, 2)), channel!.write(1, slice(3))]);
    // The frame's news of each slice comes back with it: the WebM scan when it indexed it.
    expect(written).toEqual([{}, { webmScan: newWebmScan() }]);
    expect(stored).toEqual([
      { seq: 0, bytes: [1, 2] },
      { seq: 1, bytes: [3] },
    ]);
  });

  it('keeps the slice on its side: it is copied to the frame, not moved', async () => {
    const channel = await open(frameServing(async () => async () => ({})));
    const data = slice(1, 2, 3);
    expect(await channel!.write(0, data)).toEqual({});
    expect(data.byteLength).toBe(3);
  });

  it('gets no channel when the background refuses the key, or the check fails', async () => {
    expect(await open(frameServing(async () => undefined))).toBeUndefined();
    expect(await open(frameServing(() => Promise.reject(new Error('no background'))))).toBeUndefined();
  });

  it('gets no channel when the frame never answers, or is gone', async () => {
    expect(await open({ postMessage: () => {} })).toBeUndefined();
    const gone: FrameTarget = {
      postMessage: () => {
        throw new DOMException('dead object');
      },
    };
    expect(await open(gone)).toBeUndefined();
  });

  it('says a slice was not stored when the frame could not write it, and goes on with the next', async () => {
    let calls = 0;
    const channel = await open(
      frameServing(async () => async () => {
        if (calls++ === 0) throw new DOMException('Quota exceeded', 'QuotaExceededError');
        return {};
      }),
    );
    expect(await channel!.write(0, slice(1))).toBe(false);
    expect(await channel!.write(1, slice(2))).toEqual({});
  });

  it('says a slice was not stored when the frame falls silent, or the channel was closed', async () => {
    const hang = new Promise<never>(() => {});
    const channel = await open(frameServing(async () => () => hang));
    const started = Date.now();
    expect(await channel!.write(0, slice(1))).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const pending = channel!.write(1, slice(2));
    channel!.close();
    expect(await pending).toBe(false);
    expect(await channel!.write(2, slice(3))).toBe(false);
  });

  it('leaves messages that are not an offer of this channel alone', () => {
    const { port1, port2 } = new MessageChannel();
    const open = async () => async () => ({});
    expect(serveSliceChannel({ channel: 'something-else', ...REQUEST }, port1, open)).toBe(false);
    expect(serveSliceChannel({ channel: 'media-recorder-slices', ...REQUEST }, undefined, open)).toBe(false);
    expect(serveSliceChannel({ channel: 'media-recorder-slices', recordingId: 'rec-1' }, port1, open)).toBe(false);
    expect(serveSliceChannel('media-recorder-slices', port1, open)).toBe(false);
    port1.close();
    port2.close();
  });
});
