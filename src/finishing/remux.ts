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
import { configOnFirstPacket, interleave, laneOf, type Lane } from './packet-lanes';

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

/** Adds `track` to the output; returns how to add one of its packets. */
async function addTrack(
  output: Output,
  track: InputVideoTrack | InputAudioTrack,
  countPackets: PacketCounter,
): Promise<(packet: EncodedPacket) => Promise<void>> {
  if (!track.codec) throw new Error(`Unknown ${track.type} codec in the recording`);
  const maximumPacketCount = await countPackets(track);
  // Only the first packet carries the decoder configuration.
  if (track.isVideoTrack()) {
    const source = new EncodedVideoPacketSource(track.codec);
    output.addVideoTrack(source, { rotation: track.rotation, maximumPacketCount });
    const meta = configOnFirstPacket((await track.getDecoderConfig()) ?? undefined);
    return (packet) => source.add(packet, meta());
  }
  const source = new EncodedAudioPacketSource(track.codec);
  output.addAudioTrack(source, { maximumPacketCount });
  const meta = configOnFirstPacket((await track.getDecoderConfig()) ?? undefined);
  return (packet) => source.add(packet, meta());
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
    const tracks = [await input.getPrimaryVideoTrack(), await input.getPrimaryAudioTrack()].filter(
      (track) => track !== null,
    );
    if (tracks.length === 0) throw new Error('The recording has no video or audio track');
    const adders: ((packet: EncodedPacket) => Promise<void>)[] = [];
    for (const track of tracks) adders.push(await addTrack(output, track, countPackets));
    await output.start();

    const lanes: Lane[] = [];
    for (const track of tracks) lanes.push(await laneOf(new EncodedPacketSink(track).packets()));
    let end = 0;
    let packetCount = 0;
    await interleave(lanes, async (packet, lane) => {
      await adders[lane]!(packet);
      packetCount++;
      end = Math.max(end, packet.timestamp + packet.duration);
      if (options.onProgress && options.expectedSeconds && packetCount % 64 === 0) {
        options.onProgress(Math.min(1, end / options.expectedSeconds));
      }
    });
    await output.finalize();
    options.onProgress?.(1);
    return { durationSeconds: end, packetCount };
  } finally {
    input.dispose();
  }
}
