/**
 * How a recording ends and becomes a file: a Stop the page must confirm in time, the end
 * from what was stored, the save, the slices freed once the finished file holds them, and
 * a save again on the user's word.
 */

import type { RecordingStore } from '../../platform/recording-store';
import type { ErrorCode } from '../../shared/errors';
import type { RecordingRecord } from '../../shared/recording-record';
import { isCapturing, isFinal, type EndReason } from '../../shared/recording-state';
import type { SaveResult } from '../file-saver';
import { PartChain } from './part-chain';
import type { WakeUps } from '../../platform/background/wake-ups';
import { recordSaved } from './saved-record';

export { recordSaved } from './saved-record';
import type { Session, SessionTable } from './session-table';
import type { SliceIntake } from './slice-intake';

/**
 * How long a page may go without a word after a Stop. A page that never confirms it (its
 * script stuck or gone without closing the port) must not leave the recording "stopping"
 * for ever: it ends there, from what was stored. A page still sending slices is storing
 * what it recorded before the press (a slow disk, a busy machine): it is given time again,
 * up to STOP_STORING_LIMIT_MS, rather than have its last seconds thrown away.
 */
export const STOP_ANSWER_TIMEOUT_MS = 15_000;
export const STOP_STORING_LIMIT_MS = 10 * 60_000;

export interface FinishingDeps {
  store: Pick<RecordingStore, 'deleteSlices'>;
  saveFile(record: RecordingRecord, onProgress: (fraction: number) => void): Promise<SaveResult>;
  now(): number;
  /**
   * Told of a Stop as it is pressed: the file is built from what is stored in a moment, and
   * the reads can start while the recorder still runs on (content/recording-end.ts).
   */
  readAhead?(record: RecordingRecord): void;
  /** Told every minute of a long recording's slices: the reads along it (read-along.ts). */
  readAlong?(record: RecordingRecord): void;
  /** Told once when a recording is saved or has failed for good. */
  onFinished?(record: RecordingRecord): void;
  wakeUps?: WakeUps;
}

export class Finishing {
  /** Recordings joined across source changes: see part-chain.ts. */
  readonly chain: PartChain;

  constructor(
    private readonly deps: FinishingDeps,
    private readonly table: Pick<SessionTable, 'get' | 'load' | 'apply' | 'persist'>,
    private readonly slices: Pick<SliceIntake, 'countUnannounced'>,
  ) {
    this.chain = new PartChain(deps, table, this);
  }

  /**
   * Marks a recording as stopping on the user's word; the content script confirms with
   * `ended`. Without that answer in time, it ends from what was stored.
   */
  requestStop(id: string): boolean {
    const session = this.table.get(id);
    const state = session?.record.timeline.state;
    if (!session || (state !== 'recording' && state !== 'paused')) return false;
    this.table.apply(session, { type: 'stop' });
    this.deps.readAhead?.(session.record);
    this.awaitStopAnswer(session, STOP_STORING_LIMIT_MS);
    return true;
  }

  /** Ends the recording after a quiet STOP_ANSWER_TIMEOUT_MS, or once `leftMs` is spent. */
  private awaitStopAnswer(session: Session, leftMs: number): void {
    const heard = session.slicesHeard;
    setTimeout(() => {
      // Answered (or forgotten) meanwhile: nothing to end.
      if (this.table.get(session.record.id) !== session || session.record.timeline.state !== 'stopping') return;
      const stillStoring = session.slicesHeard !== heard && leftMs > STOP_ANSWER_TIMEOUT_MS;
      if (stillStoring) this.awaitStopAnswer(session, leftMs - STOP_ANSWER_TIMEOUT_MS);
      else this.stopUnanswered(session.record.id);
    }, STOP_ANSWER_TIMEOUT_MS);
  }

  /**
   * The page refused or never answered a Stop: the recording ends here, and what was stored
   * is saved. Slices the page may still send are no longer taken (see PortIntake).
   */
  stopUnanswered(id: string): void {
    const session = this.table.get(id);
    if (session?.record.timeline.state !== 'stopping') return;
    session.record.error ??= 'stop-unanswered';
    session.writes = session.writes.then(() => this.end(session, 'error'));
  }

  /** Ends a recording the page will not end (it went away, or never answered), and saves it. */
  end(session: Session, reason: EndReason, at = this.deps.now()): void {
    if (!isCapturing(session.record.timeline.state)) return;
    this.table.apply(session, { type: 'ended', at, reason });
    void this.finalize(session);
  }

  /**
   * Saves the file from what was stored, once every write of the recording is done. Slices a
   * page stored without telling of them (it went away in between) are counted first, unless
   * its own end said it told of all (`allTold`): that count was up to 32 ms between a Stop
   * and the download in Firefox.
   */
  async finalize(session: Session, { allTold = false } = {}): Promise<void> {
    await session.writes;
    if (!allTold) await this.slices.countUnannounced(session.record);
    // A part of a recording joined across source changes is saved with its other parts.
    if (session.record.joinParts) return this.chain.partEnded(session);
    return this.saveAlone(session);
  }

  /** Saves one recording (or one part, when parts cannot share a file) as a file of its own. */
  async saveAlone(session: Session): Promise<void> {
    const { record } = session;
    if (record.sliceCount === 0) {
      record.error ??= 'empty-recording';
      this.table.apply(session, { type: 'failed', at: this.deps.now() });
      this.deps.onFinished?.(record);
      return;
    }
    try {
      const saved = await this.save(session);
      if ('cannotShare' in saved) throw new Error(`a single recording was refused: ${saved.cannotShare}`);
      recordSaved(record, saved);
      this.table.apply(session, { type: 'saved' });
      // A composed file is made of the slices: they stay until retention lets the recording go.
      if (record.finalized && !record.composed) await this.freeSlices(session);
    } catch (error) {
      console.error('Media Recorder: could not save the file', error);
      // The slices stay in storage: the user can try the download again.
      record.error = 'download-failed';
      this.table.apply(session, { type: 'failed', at: this.deps.now() });
    }
    this.deps.onFinished?.(record);
  }

  /** Saves a finished recording again, from what is stored. */
  async downloadAgain(id: string): Promise<ErrorCode | undefined> {
    const session = await this.table.load(id);
    if (!session || session.record.sliceCount === 0) return 'media-gone';
    if (!isFinal(session.record.timeline.state)) return 'already-recording';
    if (session.record.timeline.state === 'failed' && session.record.slicesDeleted) return 'media-gone';
    try {
      const saved = await this.save(session);
      // Parts found unable to share a file are saved one file each, once, by the chain.
      if ('cannotShare' in saved) return 'download-failed';
      recordSaved(session.record, saved);
      if (session.record.timeline.state === 'failed') this.table.apply(session, { type: 'saved' });
      else this.table.persist(session);
      return undefined;
    } catch (error) {
      console.error('Media Recorder: could not save the file', error);
      return 'download-failed';
    }
  }

  /** Builds and saves the file of `session` (of all its parts when it heads a joined recording). */
  async save(session: Session): Promise<SaveResult> {
    session.progress = 0;
    try {
      return await this.deps.saveFile(session.record, (fraction) => {
        session.progress = fraction;
      });
    } finally {
      session.progress = undefined;
    }
  }

  /**
   * The finished file (kept for Download again) holds every packet of the slices, so
   * keeping both would store each recording twice.
   */
  async freeSlices(session: Session): Promise<void> {
    await session.writes;
    try {
      await this.deps.store.deleteSlices(session.record.id);
      session.record.slicesDeleted = true;
      this.table.persist(session);
    } catch (error) {
      console.warn('Media Recorder: could not free the slices of a saved recording', error);
    }
  }
}
