import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingRegistry, type RegistryDeps } from '../../src/background/recording-registry';
import type { SavedFile, SaveResult } from '../../src/background/file-saver';
import { RecordingStore } from '../../src/platform/recording-store';
import type { RecordingPortMessage } from '../../src/platform/messaging/protocol';
import type { RecordingPortEvents } from '../../src/platform/messaging/recording-port';
import { MIN_PART_INTERVAL_MS, NEXT_PART_WAIT_MS } from '../../src/shared/parts';
import type { RecordingRecord } from '../../src/shared/recording-record';
import type { EndReason } from '../../src/shared/recording-state';
import { NEW_RECORDING, WEBM } from './support/records';

let databases = 0;

const saved = (record: RecordingRecord): SavedFile => ({
  fileName: `${record.id}.webm`,
  downloadId: 42,
  finalized: true,
  durationSeconds: 1,
  size: 100,
  composed: true,
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

/** A registry recording tab 7's m1 with "keep one file", on a clock the test moves. */
function world(saveFile: (record: RecordingRecord) => Promise<SaveResult> = async (record) => saved(record)) {
  const clock = { now: 1_000 };
  const store = new RecordingStore(`joined-${databases++}`);
  let ids = 0;
  const deps: RegistryDeps = {
    store,
    saveFile: vi.fn(saveFile),
    saveSection: vi.fn(),
    stopCapture: vi.fn(),
    freeSpace: async () => Infinity,
    now: () => clock.now,
    newId: () => `rec-${++ids}`,
  };
  const registry = new RecordingRegistry(deps);

  /**
   * Records one part from the clock's time: one slice of 100 bytes, stored; then, unless it
   * is left 'still recording', 1 s later ends it with `reason`.
   */
  async function recordPart(
    previous: RecordingRecord | undefined,
    reason: EndReason | 'still recording',
  ): Promise<RecordingRecord> {
    const record = registry.create({
      ...NEW_RECORDING,
      joinParts: true,
      joinedTo: previous && (previous.joinedTo ?? previous.id),
      part: previous ? previous.part + 1 : 1,
    });
    registry.captureStarted(record.id, WEBM, 'video', '');
    if (record.joinedTo) await registry.addPart(record.joinedTo, record.id);
    const events: RecordingPortEvents = (await registry.attachPort(record.id, 7, 0))!;
    let n = 0;
    const send = (message: RecordingPortMessage) => events.message(n++, message);
    await send({ type: 'started', at: clock.now });
    await send({ type: 'slice', seq: 0, data: new Uint8Array(100).buffer });
    if (reason === 'still recording') {
      await until(() => registry.get(record.id)?.bytes === 100);
      return registry.get(record.id)!;
    }
    clock.now += 1_000;
    await send({ type: 'ended', at: clock.now, reason });
    return registry.get(record.id)!;
  }

  /** The page's next source plays after `switchMs`: the next part is claimed. */
  async function claimNext(previous: RecordingRecord, switchMs = MIN_PART_INTERVAL_MS): Promise<void> {
    clock.now += switchMs;
    expect((await registry.claimNextPart(previous.id, 7, 0))?.id).toBe(previous.id);
  }

  return { registry, deps, store, clock, recordPart, claimNext };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a recording joined across source changes', () => {
  it('waits unsaved for the next source, then saves all parts as one file under the first', async () => {
    const { registry, deps, recordPart, claimNext } = world();
    const first = await recordPart(undefined, 'source-changed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deps.saveFile).not.toHaveBeenCalled();
    expect(first.timeline.state).toBe('finalizing');
    const waiting = registry.snapshotsForTab(7);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.parts).toMatchObject({ count: 1, waiting: true });

    await claimNext(first, 6_000);
    const second = await recordPart(first, 'source-changed');
    await claimNext(second, 5_500);
    const third = await recordPart(second, 'user');
    await until(() => registry.get(first.id)?.timeline.state === 'saved');

    expect(deps.saveFile).toHaveBeenCalledTimes(1);
    expect(vi.mocked(deps.saveFile).mock.calls[0]![0].id).toBe(first.id);
    expect(registry.get(first.id)!.partIds).toEqual([first.id, second.id, third.id]);
    for (const part of [second, third]) expect(registry.get(part.id)!.timeline.state).toBe('saved');
    const shown = registry.snapshotsForTab(7);
    expect(shown.map((snapshot) => snapshot.id)).toEqual([first.id]);
    expect(shown[0]).toMatchObject({ state: 'saved', fileName: `${first.id}.webm`, elapsedMs: 3_000, bytes: 300 });
    expect(shown[0]!.parts).toEqual({ count: 3, lostMs: [6_000, 5_500], waiting: false });
  });

  it('shows the parts as one recording while the latest records, and Stop reaches that part', async () => {
    const { registry, recordPart, claimNext, clock } = world();
    const first = await recordPart(undefined, 'source-changed');
    await claimNext(first);
    const second = await recordPart(first, 'still recording');
    clock.now += 500;
    const [shown] = registry.snapshotsForTab(7);
    expect(shown).toMatchObject({ id: first.id, state: 'recording', elapsedMs: 1_500 });
    expect(registry.currentPartOf(first.id)).toBe(second.id);
  });

  it('saves what it has when no next source comes in time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { registry, deps, recordPart } = world();
    const first = await recordPart(undefined, 'source-changed');
    await vi.advanceTimersByTimeAsync(NEXT_PART_WAIT_MS - 100);
    expect(deps.saveFile).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    vi.useRealTimers();
    await until(() => registry.get(first.id)?.timeline.state === 'saved');
    expect(deps.saveFile).toHaveBeenCalledTimes(1);
    // Saved: the page's late source no longer joins it.
    expect(await registry.claimNextPart(first.id, 7, 0)).toBeUndefined();
  });

  it('saves at once on Stop while waiting for the next source', async () => {
    const { registry, deps, recordPart } = world();
    const first = await recordPart(undefined, 'source-changed');
    expect(await registry.stopWaiting(first.id)).toBe(true);
    await until(() => registry.get(first.id)?.timeline.state === 'saved');
    expect(deps.saveFile).toHaveBeenCalledTimes(1);
    expect(await registry.stopWaiting(first.id), 'no longer waiting').toBe(false);
  });

  it('saves without the next part when it fails to start', async () => {
    const { registry, recordPart, claimNext } = world();
    const first = await recordPart(undefined, 'source-changed');
    await claimNext(first);
    await registry.nextPartFailed(first.id);
    await until(() => registry.get(first.id)?.timeline.state === 'saved');
  });

  it('saves parts that cannot share a file one file each, and says why', async () => {
    const { registry, deps, recordPart, claimNext } = world(async (record) =>
      record.partIds ? { cannotShare: 'audio-only after a video' } : saved(record),
    );
    const first = await recordPart(undefined, 'source-changed');
    await claimNext(first);
    const second = await recordPart(first, 'user');
    await until(() => registry.get(second.id)?.timeline.state === 'saved');
    await until(() => registry.get(first.id)?.timeline.state === 'saved');
    expect(deps.saveFile).toHaveBeenCalledTimes(3);
    expect(registry.get(first.id)!.error).toBe('parts-not-joined');
    expect(registry.get(second.id)!.joinedTo).toBeUndefined();
    expect(registry.snapshotsForTab(7).map((snapshot) => snapshot.fileName)).toEqual([
      `${first.id}.webm`,
      `${second.id}.webm`,
    ]);
  });

  it('is deleted with all its parts', async () => {
    const { registry, store, recordPart, claimNext } = world();
    const first = await recordPart(undefined, 'source-changed');
    await claimNext(first);
    const second = await recordPart(first, 'user');
    await until(() => registry.get(first.id)?.timeline.state === 'saved');
    expect(await registry.delete(first.id, async () => undefined)).toBeUndefined();
    expect(await store.getRecording(first.id)).toBeUndefined();
    expect(await store.getRecording(second.id)).toBeUndefined();
    expect(await store.slices(second.id)).toEqual([]);
  });

  it('after a crash, saves the parts together once: the waiting one and the one cut short', async () => {
    const { store, recordPart, claimNext } = world();
    const first = await recordPart(undefined, 'source-changed');
    await claimNext(first);
    const second = await recordPart(first, 'still recording');
    await new Promise((resolve) => setTimeout(resolve, 20));

    // The browser starts again: a new background reads the same storage.
    const saveFile = vi.fn(async (record: RecordingRecord) => saved(record));
    const after = new RecordingRegistry({
      store,
      saveFile,
      saveSection: vi.fn(),
      stopCapture: vi.fn(),
      freeSpace: async () => Infinity,
      now: () => 20_000,
      newId: () => 'new',
    });
    expect(await after.recoverInterrupted('browser-start')).toBe(2);
    await until(() => after.get(first.id)?.timeline.state === 'saved');
    await until(() => after.get(second.id)?.timeline.state === 'saved');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(saveFile).toHaveBeenCalledTimes(1);
    expect(saveFile.mock.calls[0]![0].id).toBe(first.id);
  });

  it('asks for a wake-up while it waits, and is saved by it after the background was stopped', async () => {
    const wakeUps = { set: vi.fn(), clear: vi.fn() };
    const { store, recordPart, deps, registry } = world();
    Object.assign(deps, { wakeUps });
    const first = await recordPart(undefined, 'source-changed');
    await until(() => wakeUps.set.mock.calls.length === 1);
    expect(wakeUps.set.mock.calls[0]![0]).toBe(`next-part:${first.id}`);
    expect(registry.get(first.id)!.timeline.state).toBe('finalizing');

    // The browser stopped the idle background; the wake-up starts a new one.
    const saveFile = vi.fn(async (record: RecordingRecord) => saved(record));
    const after = new RecordingRegistry({ ...deps, store, saveFile, now: () => 60_000 });
    after.wokenUp(`next-part:${first.id}`);
    await until(() => after.get(first.id)?.timeline.state === 'saved');
    expect(saveFile).toHaveBeenCalledTimes(1);
  });
});
