/**
 * A recording joined across source changes (issue #18): each source is recorded as a part
 * of its own (its own recorder, slices and index), and the parts are saved together as one
 * file once the last one ends. A part that ended on a source change waits, unsaved, for the
 * next one; if none comes in time, or the user stops, the recording is saved as it is.
 * Parts that cannot share a file (another codec, sound alone after a video) are saved one
 * file each, and the user is told why.
 */

import type { RecordingRecord } from '../../shared/recording-record';
import { awaitsNextPart, headOf, NEXT_PART_WAIT_MS, partIdsOf } from '../../shared/parts';
import { isCapturing, isFinal } from '../../shared/recording-state';
import type { SaveResult } from '../file-saver';
import { recordSaved } from './saved-record';
import type { Session, SessionTable } from './session-table';
import type { WakeUps } from '../../platform/background/wake-ups';

/** The wake-up is a backstop for a stopped background: the timer, when alive, comes first. */
const WAKE_UP_LATE_MS = 1000;

interface ChainDeps {
  now(): number;
  onFinished?(record: RecordingRecord): void;
  /** Wakes a stopped background when a part's wait is over (its timer would be gone). */
  wakeUps?: WakeUps;
}

/** The name of the wake-up that ends part `id`'s wait for the next source. */
export const NEXT_PART_WAKE_UP = 'next-part:';

/** What the chain asks of Finishing: the one-file save, and the steps of a save. */
interface Saving {
  saveAlone(session: Session): Promise<void>;
  save(session: Session): Promise<SaveResult>;
  freeSlices(session: Session): Promise<void>;
}

type Table = Pick<SessionTable, 'load' | 'apply' | 'persist'>;

export class PartChain {
  /** Parts waiting for the next source, by id: the timer that saves the recording without it. */
  private readonly waiting = new Map<string, ReturnType<typeof setTimeout>>();
  /** Recordings (by first part) being saved: one save each, whoever asks. */
  private readonly saving = new Set<string>();

  constructor(
    private readonly deps: ChainDeps,
    private readonly table: Table,
    private readonly finishing: Saving,
  ) {}

  /** A part's recorder ended and its writes are done: wait for the next source, or save. */
  partEnded(session: Session): Promise<void> {
    if (awaitsNextPart(session.record)) {
      this.wait(session.record.id, NEXT_PART_WAIT_MS);
      return Promise.resolve();
    }
    return this.finish(headOf(session.record));
  }

  /** Whether part `id` ended on a source change and waits for the next one. */
  isWaiting(id: string): boolean {
    return this.waiting.has(id);
  }

  /**
   * Waits again for the next source after the background restarted, for what is left of
   * the time a part had (`endedAt`); a part whose time is up is saved at once.
   */
  resumeWaiting(session: Session): Promise<void> {
    const left = (session.record.timeline.endedAt ?? 0) + NEXT_PART_WAIT_MS - this.deps.now();
    if (!awaitsNextPart(session.record) || left <= 0) return this.finish(headOf(session.record));
    this.wait(session.record.id, left);
    return Promise.resolve();
  }

  /**
   * Part `id` no longer waits for the next source: its timer and wake-up are cancelled
   * (the next part was granted to it, its time is up, or it is saved now).
   */
  cancelWait(id: string): void {
    clearTimeout(this.waiting.get(id));
    this.waiting.delete(id);
    this.deps.wakeUps?.clear(NEXT_PART_WAKE_UP + id);
  }

  /** A wake-up for part `id` came (the background may have been stopped and started again). */
  async timeUp(id: string): Promise<void> {
    this.cancelWait(id);
    const session = await this.table.load(id);
    if (session && !session.record.nextPartClaimed) await this.finish(headOf(session.record));
  }

  /** Stops waiting for another source (the user pressed Stop, the next part failed to start): saves. */
  async finishNow(partId: string): Promise<boolean> {
    this.cancelWait(partId);
    const session = await this.table.load(partId);
    if (!session) return false;
    await this.finish(headOf(session.record));
    return true;
  }

  private wait(id: string, ms: number): void {
    clearTimeout(this.waiting.get(id));
    this.waiting.set(
      id,
      setTimeout(() => void this.timeUp(id), ms),
    );
    // The timer goes with a background the browser stops meanwhile; the wake-up does not.
    this.deps.wakeUps?.set(NEXT_PART_WAKE_UP + id, this.deps.now() + ms + WAKE_UP_LATE_MS);
  }

  /** Saves the recording headed by `headId` once none of its parts records or waits any more. */
  async finish(headId: string): Promise<void> {
    if (this.saving.has(headId)) return;
    this.saving.add(headId);
    try {
      const head = await this.table.load(headId);
      if (!head || isFinal(head.record.timeline.state)) return;
      const parts = await this.partsOf(head);
      const busy = (part: Session) => isCapturing(part.record.timeline.state) || this.waiting.has(part.record.id);
      if (parts.some(busy)) return;
      // The file is built from the stored records (Chromium builds it in another document).
      for (const part of parts) this.table.persist(part);
      await Promise.all(parts.map((part) => part.writes));
      await this.save(head, parts);
    } finally {
      this.saving.delete(headId);
    }
  }

  private async partsOf(head: Session): Promise<Session[]> {
    const parts = await Promise.all(partIdsOf(head.record).map((id) => this.table.load(id)));
    return parts.filter((part): part is Session => part !== undefined);
  }

  private async save(head: Session, parts: Session[]): Promise<void> {
    if (parts.length === 1) return this.finishing.saveAlone(head);
    let saved: SaveResult;
    try {
      saved = await this.finishing.save(head);
    } catch (error) {
      console.error('Media Recorder: could not save the file', error);
      // The slices stay in storage: the user can try the download again.
      head.record.error = 'download-failed';
      for (const part of parts) this.table.apply(part, { type: 'failed', at: this.deps.now() });
      this.deps.onFinished?.(head.record);
      return;
    }
    if ('cannotShare' in saved) return this.saveApart(head, parts, saved.cannotShare);
    recordSaved(head.record, saved);
    for (const part of parts) this.table.apply(part, { type: 'saved' });
    // A remuxed file holds every packet: the parts' slices are no longer needed.
    if (head.record.finalized && !head.record.composed) {
      for (const part of parts) await this.finishing.freeSlices(part);
    }
    this.deps.onFinished?.(head.record);
  }

  /** The parts cannot go in one file: each becomes a recording of its own, saved as today. */
  private async saveApart(head: Session, parts: Session[], why: string): Promise<void> {
    console.info('Media Recorder: the parts cannot share one file, saving one file each:', why);
    for (const part of parts) {
      part.record.joinedTo = undefined;
      part.record.partIds = undefined;
    }
    head.record.error = 'parts-not-joined';
    for (const part of parts) await this.finishing.saveAlone(part);
  }
}
