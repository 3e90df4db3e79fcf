import { describe, expect, it, vi } from 'vitest';
import { SliceQueue } from '../../src/content/slice-queue';

const slice = (text: string) => new Blob([text]);
const text = (data: ArrayBuffer) => new TextDecoder().decode(data);

describe('SliceQueue', () => {
  it('passes slices on in the order they were recorded, however long each store takes', async () => {
    const sent: string[] = [];
    const delays = [30, 0, 10];
    const queue = new SliceQueue(
      async (seq, data) => {
        await new Promise((resolve) => setTimeout(resolve, delays[seq]));
        return `${seq}:${text(data)}`;
      },
      (message) => sent.push(message),
      () => undefined,
    );
    for (const part of ['a', 'b', 'c']) queue.push(slice(part));
    await queue.settled();
    expect(sent).toEqual(['0:a', '1:b', '2:c']);
  });

  it('stops at the first slice it cannot pass on, reports it once, and still settles', async () => {
    const sent: string[] = [];
    const onFailure = vi.fn();
    const queue = new SliceQueue(
      async (seq, data) => {
        if (text(data) === 'bad') throw new Error('quota');
        return `${seq}:${text(data)}`;
      },
      (message) => sent.push(message),
      onFailure,
    );
    for (const part of ['a', 'bad', 'c', 'd']) queue.push(slice(part));
    await expect(queue.settled()).resolves.toBeUndefined();
    // Nothing after the hole: a file with a slice missing in its middle would be broken.
    expect(sent).toEqual(['0:a']);
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure.mock.calls[0]![0]).toEqual(new Error('quota'));
  });

  it('settles when a slice cannot even be read', async () => {
    const onFailure = vi.fn();
    const queue = new SliceQueue(
      async (seq) => seq,
      () => undefined,
      onFailure,
    );
    const unreadable = slice('x');
    unreadable.arrayBuffer = () => Promise.reject(new DOMException('gone', 'NotReadableError'));
    queue.push(unreadable);
    await queue.settled();
    expect(onFailure).toHaveBeenCalledTimes(1);
  });
});
