/**
 * What remux.ts and remux-parts.ts share: each input track's packets as a lane, read one
 * ahead, and the lanes merged by time into the muxer.
 */

import type { EncodedPacket } from 'mediabunny';

/** One track's packets in their order, with the next one read ahead. */
export interface Lane {
  packets: AsyncIterator<EncodedPacket>;
  next: EncodedPacket | undefined;
}

export async function laneOf(packets: AsyncIterable<EncodedPacket>): Promise<Lane> {
  const iterator = packets[Symbol.asyncIterator]();
  return { packets: iterator, next: (await iterator.next()).value ?? undefined };
}

/**
 * Hands every lane's packets to `add` (with the lane's index) in time order, the earliest
 * next packet first, so the muxer never has to hold one track back for the other.
 */
export async function interleave(
  lanes: Lane[],
  add: (packet: EncodedPacket, lane: number) => Promise<void>,
): Promise<void> {
  for (;;) {
    let earliest: number | undefined;
    for (const [i, lane] of lanes.entries()) {
      if (lane.next && (earliest === undefined || lane.next.timestamp < lanes[earliest]!.next!.timestamp)) earliest = i;
    }
    if (earliest === undefined) return;
    const lane = lanes[earliest]!;
    await add(lane.next!, earliest);
    lane.next = (await lane.packets.next()).value ?? undefined;
  }
}

/** A track's packet metadata: its decoder configuration with the first packet only. */
export function configOnFirstPacket<T>(decoderConfig: T | undefined): () => { decoderConfig: T } | undefined {
  let sent = false;
  return () => {
    const first = !sent && decoderConfig !== undefined;
    sent = true;
    return first ? { decoderConfig } : undefined;
  };
}
