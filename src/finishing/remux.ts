/**
 * Turns what MediaRecorder wrote (WebM without Duration or Cues, Chromium's fragmented MP4,
 * Ogg) into a file players can seek: MP4 with its index (`moov`) before the media, WebM
 * with Duration and Cues. Packets are copied as they are, never re-encoded.
 *
 * The input is read lazily from a Blob (the stored slices) and the output streamed to a
 * mediabunny Target, so memory stays flat whatever the recording's length. MP4's index at
 * the front needs its size known in advance: each track's packets are tallied as the
 * slices are stored (src/shared/fragment-tally.ts), or else counted in a first pass
 * (src/shared/mp4-packet-count.ts).
 */

import {
  BlobSource,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  Input,
  MP4,
  Mp4OutputFormat,
  OGG,
  OggOutputFormat,
  Output,
  WEBM,
  WebMOutputFormat,
  type EncodedPacket,
  type InputAudioTrack,
  type InputVideoTrack,
  type Target,
} from 'mediabunny';
import { countFragmentedMp4Packets } from '../shared/mp4-packet-count';
import type { Container } from '../shared/recording-format';

export interface RemuxResult {
  /** Seconds from the start of the file to the end of its last packet. */
  durationSeconds: number;
  packetCount: number;
}

export interface RemuxOptions {
  /** Expected length, for progress only. */
  expectedSeconds?: number;
  onProgress?: (fraction: number) => void;
  /** Packets per track id of a fragmented MP4, when counted already (see fragment-tally.ts). */
  packetCounts?: Map<number, number>;
}

interface Lane {
  add(packet: EncodedPacket, first: boolean): Promise<void>;
  packets: AsyncIterator<EncodedPacket>;
  next: EncodedPacket | undefined;
  first: boolean;
}

/** The muxer for `container`; an MP4 keeps room for its index at the front. */
export function outputFormat(container: Container) {
  switch (container) {
    case 'mp4':
      return new Mp4OutputFormat({ fastStart: 'reserve' });
    case 'webm':
      return new WebMOutputFormat();
    case 'ogg':
      return new OggOutputFormat();
  }
}

/** Exact packet counts, for MP4's index at the front: from the fragments if it has them. */
type PacketCounter = (track: InputVideoTrack | InputAudioTrack) => Promise<number | undefined>;

function packetCounter(recording: Blob, container: Container, counted?: Map<number, number>): PacketCounter {
  if (container !== 'mp4') return async () => undefined;
  const fragmentCounts = counted ? Promise.resolve(counted) : countFragmentedMp4Packets(recording);
  return async (track) => (await fragmentCounts)?.get(track.id) ?? (await track.computePacketStats()).packetCount;
}

/** Adds `track` to the output and returns the lane its packets are copied along. */
async function laneFor(
  output: Output,
  track: InputVideoTrack | InputAudioTrack,
  countPackets: PacketCounter,
): Promise<Lane> {
  const maximumPacketCount = await countPackets(track);
  let add: Lane['add'];
  // Only the first packet carries the decoder configuration.
  if (track.isVideoTrack()) {
    if (!track.codec) throw new Error('Unknown video codec in the recording');
    const source = new EncodedVideoPacketSource(track.codec);
    output.addVideoTrack(source, { rotation: track.rotation, maximumPacketCount });
    const decoderConfig = (await track.getDecoderConfig()) ?? undefined;
    add = (packet, first) => source.add(packet, first && decoderConfig ? { decoderConfig } : undefined);
  } else {
    if (!track.codec) throw new Error('Unknown audio codec in the recording');
    const source = new EncodedAudioPacketSource(track.codec);
    output.addAudioTrack(source, { maximumPacketCount });
    const decoderConfig = (await track.getDecoderConfig()) ?? undefined;
    add = (packet, first) => source.add(packet, first && decoderConfig ? { decoderConfig } : undefined);
  }
  return { add, packets: new EncodedPacketSink(track).packets()[Symbol.asyncIterator](), next: undefined, first: true };
}

export async function remuxRecording(
  recording: Blob,
  container: Container,
  target: Target,
  options: RemuxOptions = {},
): Promise<RemuxResult> {
  const input = new Input({ source: new BlobSource(recording), formats: [MP4, WEBM, OGG] });
  try {
    const output = new Output({ format: outputFormat(container), target });
    const countPackets = packetCounter(recording, container, options.packetCounts);
    const lanes: Lane[] = [];
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    for (const track of [video, audio]) if (track) lanes.push(await laneFor(output, track, countPackets));
    if (lanes.length === 0) throw new Error('The recording has no video or audio track');
    await output.start();

    for (const lane of lanes) lane.next = (await lane.packets.next()).value ?? undefined;
    let end = 0;
    let packetCount = 0;
    // Interleave by time, so the muxer never has to hold one track back for the other.
    for (;;) {
      let lane: Lane | undefined;
      for (const candidate of lanes) {
        if (candidate.next && (!lane || candidate.next.timestamp < lane.next!.timestamp)) lane = candidate;
      }
      if (!lane?.next) break;
      const packet = lane.next;
      await lane.add(packet, lane.first);
      lane.first = false;
      packetCount++;
      end = Math.max(end, packet.timestamp + packet.duration);
      lane.next = (await lane.packets.next()).value ?? undefined;
      if (options.onProgress && options.expectedSeconds && packetCount % 64 === 0) {
        options.onProgress(Math.min(1, end / options.expectedSeconds));
      }
    }
    await output.finalize();
    options.onProgress?.(1);
    return { durationSeconds: end, packetCount };
  } finally {
    input.dispose();
  }
}
