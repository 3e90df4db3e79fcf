/**
 * The fallback for joining a recording's parts (issue #18) when the index cannot: each part
 * (a Blob of its stored slices, WebM or MP4 as recorded) is read with mediabunny and its
 * packets copied, never re-encoded, into one file, each part's timestamps moved so it
 * starts where the one before ended (never an overlap). Parts must have the same tracks
 * and codecs; a video size may change where the codec carries it in its key frames (VP8,
 * VP9, AV1), not where it lives in the container's decoder configuration (H.264's avcC).
 *
 * As remux.ts: inputs are read lazily and the output streamed to a Target, so memory stays
 * flat whatever the length.
 */

import {
  BlobSource,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  Input,
  MP4,
  OGG,
  Output,
  WEBM,
  type EncodedPacket,
  type InputAudioTrack,
  type InputVideoTrack,
  type Target,
} from 'mediabunny';
import { countFragmentedMp4Packets } from '../shared/mp4-packet-count';
import { outputFormat } from './remux';
import { configOnFirstPacket, interleave, laneOf, type Lane } from './packet-lanes';
import type { Container } from '../shared/recording-format';

export interface RemuxPartsResult {
  /** Seconds from the start of the file to the end of its last packet. */
  durationSeconds: number;
  packetCount: number;
  /** Where each part's own 0 lies in the file, in seconds. */
  partStartsSeconds: number[];
}

export interface RemuxPartsOptions {
  onProgress?: (fraction: number) => void;
}

/** The parts cannot go in one file (other tracks or codecs): save them one file each. */
export class PartsCannotShareError extends Error {
  readonly cannotShare = true;
}

type Track = InputVideoTrack | InputAudioTrack;

interface Part {
  input: Input;
  tracks: Track[];
}

async function openPart(recording: Blob): Promise<Part> {
  const input = new Input({ source: new BlobSource(recording), formats: [MP4, WEBM, OGG] });
  const tracks = [await input.getPrimaryVideoTrack(), await input.getPrimaryAudioTrack()].filter(
    (track): track is Track => track !== null,
  );
  return { input, tracks };
}

function bytesOf(source: AllowSharedBufferSource): Uint8Array {
  return ArrayBuffer.isView(source)
    ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
    : new Uint8Array(source);
}

function sameBytes(a: AllowSharedBufferSource | undefined, b: AllowSharedBufferSource | undefined): boolean {
  if (!a || !b) return a === b;
  const [x, y] = [bytesOf(a), bytesOf(b)];
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}

/** Why part `n` cannot follow the first in one file, or undefined. */
async function mismatch(first: Part, part: Part, n: number): Promise<string | undefined> {
  const describe = (p: Part) => p.tracks.map((track) => `${track.type} ${track.codec ?? 'unknown'}`).join(' + ');
  const differ =
    first.tracks.length !== part.tracks.length ||
    first.tracks.some((track, i) => track.type !== part.tracks[i]!.type || track.codec !== part.tracks[i]!.codec);
  if (differ) return `part ${n} has other tracks: ${describe(first)}, then ${describe(part)}`;
  for (const [i, track] of first.tracks.entries()) {
    const [a, b] = [await track.getDecoderConfig(), await part.tracks[i]!.getDecoderConfig()];
    // A configuration held outside the packets (avcC, OpusHead) is written once for the whole track.
    if (!sameBytes(a?.description, b?.description)) return `part ${n} has another ${track.type} configuration`;
    if (track.isAudioTrack() && a && b && 'sampleRate' in a && 'sampleRate' in b) {
      if (a.sampleRate !== b.sampleRate || a.numberOfChannels !== b.numberOfChannels) {
        return `part ${n} has sound of another rate or channel count`;
      }
    }
  }
  return undefined;
}

/** Packets of a track over all parts, for MP4's index at the front. */
async function countPackets(parts: Part[], blobs: Blob[], index: number): Promise<number> {
  let total = 0;
  for (const [n, part] of parts.entries()) {
    const track = part.tracks[index]!;
    const counted = (await countFragmentedMp4Packets(blobs[n]!))?.get(track.id);
    total += counted ?? (await track.computePacketStats()).packetCount;
  }
  return total;
}

/** The video configuration with the largest picture, so the file's header is not smaller than any part. */
async function largestVideoConfig(parts: Part[], index: number): Promise<VideoDecoderConfig | undefined> {
  let largest: VideoDecoderConfig | undefined;
  for (const part of parts) {
    const config = (await (part.tracks[index] as InputVideoTrack).getDecoderConfig()) ?? undefined;
    const area = (c?: VideoDecoderConfig) => (c?.codedWidth ?? 0) * (c?.codedHeight ?? 0);
    if (!largest || area(config) > area(largest)) largest = config;
  }
  return largest;
}

/** Adds each track to the output; returns how to add a packet of track `i`. */
async function addTracks(output: Output, parts: Part[], blobs: Blob[], container: Container) {
  const adders: ((packet: EncodedPacket) => Promise<void>)[] = [];
  for (const [i, track] of parts[0]!.tracks.entries()) {
    if (!track.codec) throw new Error(`Unknown ${track.type} codec in the recording`);
    const maximumPacketCount = container === 'mp4' ? await countPackets(parts, blobs, i) : undefined;
    // Only the first packet carries the decoder configuration.
    if (track.isVideoTrack()) {
      const source = new EncodedVideoPacketSource(track.codec);
      output.addVideoTrack(source, { rotation: track.rotation, maximumPacketCount });
      const meta = configOnFirstPacket(await largestVideoConfig(parts, i));
      adders.push((packet) => source.add(packet, meta()));
    } else {
      const source = new EncodedAudioPacketSource(track.codec);
      output.addAudioTrack(source, { maximumPacketCount });
      const meta = configOnFirstPacket((await track.getDecoderConfig()) ?? undefined);
      adders.push((packet) => source.add(packet, meta()));
    }
  }
  return adders;
}

export async function remuxParts(
  recordings: Blob[],
  container: Container,
  target: Target,
  options: RemuxPartsOptions = {},
): Promise<RemuxPartsResult> {
  if (recordings.length === 0) throw new Error('No part to remux');
  const parts: Part[] = [];
  try {
    for (const recording of recordings) parts.push(await openPart(recording));
    if (parts[0]!.tracks.length === 0) throw new Error('The recording has no video or audio track');
    for (const [n, part] of parts.entries()) {
      const problem = n > 0 ? await mismatch(parts[0]!, part, n + 1) : undefined;
      if (problem) throw new PartsCannotShareError(problem);
    }
    const output = new Output({ format: outputFormat(container), target });
    const adders = await addTracks(output, parts, recordings, container);
    await output.start();

    let end = 0;
    let packetCount = 0;
    const partStartsSeconds: number[] = [];
    for (const [n, part] of parts.entries()) {
      const lanes: Lane[] = [];
      for (const track of part.tracks) lanes.push(await laneOf(new EncodedPacketSink(track).packets()));
      // The part starts where the one before ended, its earliest packet (Opus's may be
      // before its 0) included: never an overlap.
      const earliest = Math.min(0, ...lanes.flatMap((lane) => (lane.next ? [lane.next.timestamp] : [])));
      const shift = n === 0 ? 0 : end - earliest;
      partStartsSeconds.push(shift);
      await interleave(lanes, async (packet, lane) => {
        await adders[lane]!(packet.clone({ timestamp: packet.timestamp + shift }));
        packetCount++;
        end = Math.max(end, packet.timestamp + shift + packet.duration);
      });
      options.onProgress?.((n + 1) / parts.length);
    }
    await output.finalize();
    return { durationSeconds: end, packetCount, partStartsSeconds };
  } finally {
    for (const part of parts) part.input.dispose();
  }
}
