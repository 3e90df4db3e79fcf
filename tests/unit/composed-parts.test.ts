import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SliceIntake } from '../../src/background/recordings/slice-intake';
import { composeFinishedFile, partRecords } from '../../src/platform/composed-file';
import { RecordingStore } from '../../src/platform/recording-store';
import type { RecordingFormat } from '../../src/shared/recording-format';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { MP4, WEBM, recording } from './support/records';
import { recordedSlices } from './support/recorded-slices';
import { timedPackets } from './support/mp4-parts';
import { scratchFolder } from './support/scratch';

const AUDIO_MP4: RecordingFormat = { ...MP4, mimeType: 'audio/mp4;codecs=opus', hasVideo: false };

let counter = 0;
const stores: RecordingStore[] = [];
const temp = scratchFolder('composed-parts');
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/**
 * A recording joined from parts, each a recorded fixture stored through the real intake and
 * its record written, as the background leaves them for the file to be built.
 */
async function joined(sets: string[], format: RecordingFormat) {
  const store = new RecordingStore(`composed-parts-${counter++}`);
  stores.push(store);
  const intake = new SliceIntake({ store, freeSpace: async () => Infinity, stopCapture: () => undefined });
  const parts: RecordingRecord[] = [];
  for (const [index, set] of sets.entries()) {
    const part = recording({ id: `part-${index + 1}`, part: index + 1, format, joinParts: true });
    if (index > 0) part.joinedTo = 'part-1';
    for (const [seq, slice] of recordedSlices(set).entries()) await intake.store(part, seq, slice.buffer);
    parts.push(part);
  }
  parts[0]!.partIds = parts.map((part) => part.id);
  for (const part of parts) await store.saveRecording(part);
  return { store, head: parts[0]! };
}

async function written(file: Blob, name: string): Promise<string> {
  const out = path.join(temp, name);
  writeFileSync(out, new Uint8Array(await file.arrayBuffer()));
  return out;
}

function frameSizes(file: string): string[] {
  const rows = execFileSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=width,height', '-of', 'csv=p=0', file],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
  return rows.filter((row, index) => row !== rows[index - 1]).map((row) => row.replace(',', 'x'));
}

const packetCount = (file: string) =>
  Object.values(timedPackets(file)).reduce((sum, packets) => sum + packets.length, 0);

describe('composeFinishedFile, for a recording joined from parts', () => {
  it('reads the parts from the store, and leaves out a part that recorded nothing', async () => {
    const { store, head } = await joined(['chromium-mp4', 'chromium-mp4'], MP4);
    await store.saveRecording({ ...(await store.getRecording('part-2'))!, sliceCount: 0 });
    expect((await partRecords(store, head)).map((part) => part.id)).toEqual(['part-1']);
  });

  it.each([
    { container: 'MP4', sets: ['chromium-mp4', 'chromium-mp4-640x360', 'chromium-mp4'], format: MP4 },
    { container: 'WebM', sets: ['firefox-webm', 'firefox-webm-640x360', 'firefox-webm'], format: WEBM },
  ])('composes one $container of parts of two sizes, every packet of each', async ({ sets, format }) => {
    const { store, head } = await joined(sets, format);
    const composed = await composeFinishedFile(store, head);
    if (!('file' in composed)) throw new Error(composed.refusal);
    const file = await written(composed.file, `joined.${format.extension}`);
    expect(frameSizes(file)).toEqual(['320x180', '640x360', '320x180']);
    // Each part as it would be saved alone (its tracks cut to end together, as in the join).
    let alone = 0;
    for (const id of head.partIds!) {
      const part = await composeFinishedFile(store, [(await store.getRecording(id))!]);
      if (!('file' in part)) throw new Error(part.refusal);
      alone += packetCount(await written(part.file, `${id}.${format.extension}`));
    }
    expect(packetCount(file)).toBe(alone);
    // Only headers are new: the media is the stored slices.
    expect(composed.newBytes).toBeLessThan(20_000);
  });

  it('cuts a section across the parts, from the key frame at or before its start', async () => {
    const { store, head } = await joined(['chromium-mp4', 'chromium-mp4-640x360'], MP4);
    const whole = await composeFinishedFile(store, head);
    const section = await composeFinishedFile(store, head, { section: { startMs: 2_500, endMs: 4_000 } });
    if (!('file' in whole) || !('file' in section)) throw new Error('not composed');
    expect(section.section!.startMs).toBeLessThanOrEqual(2_500);
    expect(section.section!.endMs).toBe(4_000);
    expect(section.durationMs).toBeCloseTo(4_000 - section.section!.startMs, -2);
    expect(section.file.size).toBeLessThan(whole.file.size);
    expect(frameSizes(await written(section.file, 'section.mp4'))).toEqual(['320x180', '640x360']);
  });

  it('says parts of another kind cannot share a file', async () => {
    const { store, head } = await joined(['chromium-audio-mp4', 'chromium-mp4'], AUDIO_MP4);
    const composed = await composeFinishedFile(store, head);
    expect(composed).toMatchObject({ cannotShare: true });
  });
});
