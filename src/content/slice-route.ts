/**
 * Which way each recorded slice goes to storage. Through the slice-writer frame when it is
 * open (Firefox, see platform/slice-channel.ts): the frame stores the bytes and the link
 * then carries only the news. Otherwise, or from the first slice the frame fails to store,
 * over the recording's link with its bytes, as in Chromium.
 */

import type { RecordingPortMessage } from '../platform/messaging/protocol';
import type { SliceChannel } from '../platform/slice-channel';

export type SliceMessage = Extract<RecordingPortMessage, { type: 'slice' | 'slice-stored' }>;

export class SliceRoute {
  /** `frame`: the channel being opened, or undefined where slices go over the link. */
  constructor(
    private frame: Promise<SliceChannel | undefined> | undefined,
    private readonly onLinkOnly: (why: 'unavailable' | 'write-failed') => void = () => {},
  ) {
    void frame?.then((channel) => channel ?? this.linkOnly('unavailable'));
  }

  /** Stores the slice through the frame if it can; the message for the link either way. */
  async store(seq: number, data: ArrayBuffer): Promise<SliceMessage> {
    const channel = await this.frame;
    if (channel) {
      const written = await channel.write(seq, data);
      if (written) return { type: 'slice-stored', seq, size: data.byteLength, ...written };
      channel.close();
      this.linkOnly('write-failed');
    }
    return { type: 'slice', seq, data };
  }

  private linkOnly(why: 'unavailable' | 'write-failed'): void {
    if (!this.frame) return;
    this.frame = undefined;
    this.onLinkOnly(why);
  }
}
