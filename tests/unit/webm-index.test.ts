/**
 * Index-only finishing of WebM on real slices recorded by Chromium's and Firefox's
 * MediaRecorder (tests/fixtures/recorded): the file composed of a new header and the
 * stored slices carries exactly the input's packets, declares its Duration, has Cues, and
 * decodes and seeks. Judged by ffprobe, ffmpeg, mkvinfo, mediabunny and our own EBML walk.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ID } from '../../src/shared/webm-index/ebml';
import { filePartsOf } from '../../src/shared/webm-index/finish';
import { decodeAt, decodeWholeFile, hasSeekIndex } from '../e2e/support/media-file';
import { RECORDED_FIXTURES, recordedSlices } from './support/recorded-slices';
import {
  declared,
  finishToFile,
  mkvBlocks,
  mkvinfo,
  packets,
  readWithMediabunny,
  walk,
  writeInput,
} from './support/webm-index-files';

const SETS = [
  { set: 'firefox-webm', video: true },
  { set: 'chromium-webm', video: true },
  { set: 'firefox-audio-webm', video: false },
];

/** Seconds from 0 to the end of the last packet, each packet lasting as its stream's last gap. */
function packetEnd(list: ReturnType<typeof packets>): number {
  let end = 0;
  for (const stream of new Set(list.map((p) => p.stream))) {
    const times = list.filter((p) => p.stream === stream).map((p) => p.pts);
    const last = times.at(-1)!;
    end = Math.max(end, last + (times.length > 1 ? last - times.at(-2)! : 0));
  }
  return end;
}

/** Whether the `i`th block mkvinfo lists is a key frame of a video track. */
function blockIsVideoKey(info: string, i: number): boolean {
  const blocks = [...info.matchAll(/(?:Simple block|Block): (key, )?track number (\d+)/g)];
  const videoTrack = /Track number: (\d+)[^\n]*\n(?:\| {2}\+ [^\n]*\n)*?\| {2}\+ Track type: video/.exec(info)![1];
  return blocks[i]![1] !== undefined && blocks[i]![2] === videoTrack;
}

describe.each(SETS)('index-only WebM finishing: $set', ({ set, video }) => {
  const slices = recordedSlices(set);
  const input = writeInput(slices, set);
  const inputPackets = packets(input);
  const meta = JSON.parse(readFileSync(`${RECORDED_FIXTURES}/${set}/meta.json`, 'utf8')) as {
    recordedMs: number;
    pausedMs: number;
  };

  it('carries every packet of the recording, in order, and no other', async () => {
    const { file } = await finishToFile(slices, set);
    expect(packets(file)).toEqual(inputPackets);
  });

  it('declares a Duration at the end of the last frame, and has Cues', async () => {
    const { file, finish } = await finishToFile(slices, set);
    const { duration } = declared(file);
    expect(duration).toBeCloseTo(finish.durationMs / 1000, 3);
    // ffprobe moves Opus packets earlier by the track's CodecDelay (Firefox: 6.5 ms); Duration is on the blocks' timeline.
    expect(Math.abs(duration - packetEnd(inputPackets))).toBeLessThan(0.01);
    expect(Math.abs(duration - (meta.recordedMs - meta.pausedMs) / 1000)).toBeLessThan(0.25);
    expect(hasSeekIndex(file)).toBe(true);
    const info = mkvinfo(file);
    expect(info).toMatch(/^\| \+ Duration: 00:00:0\d\.\d+/m);
    expect(info.match(/^\| \+ Cue point/gm)?.length).toBe(finish.cueCount);
  });

  it('has one cue per video key frame, or per Cluster for sound alone', async () => {
    const { file, finish } = await finishToFile(slices, set);
    const bytes = readFileSync(file);
    const segment = walk(bytes).find((element) => element.id === ID.Segment)!;
    const clusters = walk(bytes, segment.at + segment.headerSize).filter((element) => element.id === ID.Cluster);
    const videoKeys = inputPackets.filter((p) => p.type === 'video' && p.key).length;
    expect(finish.cueCount).toBe(video ? videoKeys : clusters.length);
  });

  it('points each cue at a Cluster holding a key frame of that time', async () => {
    const { file } = await finishToFile(slices, set);
    const info = mkvinfo(file);
    const segmentData = Number(/^\+ Segment: size \d+ at (\d+)$/m.exec(info)![1]) + 12;
    const clusters = [...info.matchAll(/^\|\+ Cluster at (\d+)$/gm)].map((m) => Number(m[1]));
    const positions = [...info.matchAll(/Cue cluster position: (\d+)/g)].map((m) => segmentData + Number(m[1]));
    const times = [...info.matchAll(/Cue time: 00:00:([\d.]+)/g)].map((m) => Math.round(Number(m[1]) * 1000));
    expect(positions.length).toBeGreaterThan(0);
    for (const position of positions) expect(clusters).toContain(position);
    const keyTimes = mkvBlocks(file)
      .filter((block, i) => (video ? blockIsVideoKey(info, i) : true))
      .map((block) => block.ms);
    for (const time of times) expect(keyTimes).toContain(time);
  });

  it('is a Segment of known size holding SeekHead, Info, Tracks, Cues and sized Clusters up to its end', async () => {
    const { file, finish } = await finishToFile(slices, set);
    const bytes = readFileSync(file);
    const [ebml, segment] = walk(bytes);
    expect([ebml!.id, segment!.id]).toEqual([ID.EBML, ID.Segment]);
    expect(segment!.at + segment!.headerSize + segment!.size!).toBe(bytes.length);
    const children = walk(bytes, segment!.at + segment!.headerSize);
    expect(children.slice(0, 4).map((element) => element.id)).toEqual([ID.SeekHead, ID.Info, ID.Tracks, ID.Cues]);
    expect(children.slice(4).every((element) => element.id === ID.Cluster && element.size !== undefined)).toBe(true);
    // New bytes: the header and 12 per Cluster (its ID and 8-byte size), nothing of the media.
    expect(finish.newBytes).toBe(finish.header.length + 12 * (children.length - 4));
    expect(finish.header.length).toBeLessThan(1024);
    // Everything else is a part of a stored slice: composing the file copies no media.
    const parts = filePartsOf(
      finish,
      slices.map((slice) => slice.length),
    );
    const written = parts.filter((part) => part instanceof Uint8Array);
    expect(written.reduce((sum, part) => sum + part.length, 0)).toBe(finish.newBytes);
    expect(parts.length - written.length).toBeLessThanOrEqual(slices.length + children.length - 4);
  });

  it('keeps the recording’s own header elements: EBML header and Tracks as they were, Info but its Duration', async () => {
    const { finish, indexes } = await finishToFile(slices, set);
    const head = indexes[0]!.head!;
    const header = Buffer.from(finish.header);
    expect(header.subarray(0, head.ebml.length)).toEqual(Buffer.from(head.ebml));
    expect(header.indexOf(Buffer.from(head.tracks))).toBeGreaterThan(0);
    // Info's other children (TimestampScale, MuxingApp, WritingApp) as mkvinfo reads them.
    const infoLines = (file: string) =>
      mkvinfo(file)
        .split('\n')
        .filter((line) => /^\| \+ (Timestamp scale|Multiplexing application|Writing application)/.test(line))
        .map((line) => line.replace(/ at \d+$/, ''));
    const lines = infoLines(input);
    expect(lines.length).toBe(3);
    expect(infoLines((await finishToFile(slices, set)).file)).toEqual(lines);
  });

  it('decodes without an error, and after a seek near the end', async () => {
    const { file } = await finishToFile(slices, set);
    decodeWholeFile(file);
    expect(decodeAt(file, 2.7, 'audio')).toBeGreaterThan(0);
    if (video) expect(decodeAt(file, 2.7, 'video')).toBeGreaterThan(0);
  });

  it('reads back in mediabunny with every packet and the declared duration', async () => {
    const { file, finish } = await finishToFile(slices, set);
    const read = await readWithMediabunny(file);
    const expected: Record<string, number> = {};
    for (const p of inputPackets) expected[p.type] = (expected[p.type] ?? 0) + 1;
    expect(read.counts).toEqual(expected);
    expect(read.declared).toBeCloseTo(finish.durationMs / 1000, 3);
    expect(read.keyNearEnd).toBe(true);
  });
});
