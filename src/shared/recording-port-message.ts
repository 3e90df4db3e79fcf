/**
 * What the content script sends on a recording's port, and the check every message passes
 * before the background lets it near storage or a recording's timeline. The port is ours,
 * but the content script runs inside a web page: nothing it sends is taken on trust.
 */

import { isErrorCode, type ErrorCode } from './errors';
import { isSignal, type Signal } from './signal-check';
import { END_REASONS, type EndReason } from './recording-state';
import { isWebmScan, type WebmScan } from './webm-index';

export type RecordingPortMessage =
  | { type: 'started'; at: number }
  | { type: 'slice'; seq: number; data: ArrayBuffer }
  /**
   * A slice the page's slice-writer frame already stored (Firefox): its size, not its bytes,
   * and the WebM index's scan after it when the frame indexed it.
   */
  | { type: 'slice-stored'; seq: number; size: number; webmScan?: WebmScan }
  | { type: 'paused'; at: number }
  | { type: 'resumed'; at: number }
  /** `endAtMs`: the user's press, in ms of recorded time, when the recorder ran on after it. */
  | { type: 'ended'; at: number; reason: EndReason; error?: ErrorCode; endAtMs?: number }
  /** What the media has but the recording gets none of, so far (content/signal-probe.ts). */
  | { type: 'signal'; missing: Signal[] };

/** A slice is about a second of media: far below this even at the highest quality. */
export const MAX_SLICE_BYTES = 256 * 1024 * 1024;

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
/** A time from `Date.now()`: a whole number of milliseconds since 1970, not in the far future. */
/** Also true for a buffer made in another realm (a message from another context). */
const isArrayBuffer = (value: unknown): value is ArrayBuffer =>
  Object.prototype.toString.call(value) === '[object ArrayBuffer]';
const isTime = (value: unknown): value is number => isCount(value) && (value as number) < 8.64e15;

/** The message, with exactly the fields its type has, or undefined when any field is wrong. */
export function parsePortMessage(value: unknown): RecordingPortMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'started':
    case 'paused':
    case 'resumed':
      return isTime(message.at) ? { type: message.type, at: message.at } : undefined;
    case 'slice':
      return isCount(message.seq) && isArrayBuffer(message.data) && message.data.byteLength <= MAX_SLICE_BYTES
        ? { type: 'slice', seq: message.seq, data: message.data }
        : undefined;
    case 'slice-stored':
      if (!isCount(message.seq) || !isCount(message.size) || message.size > MAX_SLICE_BYTES) return undefined;
      // A scan that is not one is dropped, not the news: the slice is stored all the same.
      return {
        type: 'slice-stored',
        seq: message.seq,
        size: message.size,
        ...(isWebmScan(message.webmScan) ? { webmScan: message.webmScan } : {}),
      };
    case 'ended': {
      const reason = message.reason as EndReason;
      if (!isTime(message.at) || !END_REASONS.includes(reason)) return undefined;
      if (message.error !== undefined && !isErrorCode(message.error)) return undefined;
      if (message.endAtMs !== undefined && !isTime(message.endAtMs)) return undefined;
      return {
        type: 'ended',
        at: message.at,
        reason,
        ...(message.endAtMs !== undefined ? { endAtMs: message.endAtMs as number } : {}),
        ...(message.error ? { error: message.error } : {}),
      };
    }
    case 'signal':
      return Array.isArray(message.missing) && message.missing.length <= 2 && message.missing.every(isSignal)
        ? { type: 'signal', missing: [...new Set(message.missing)] }
        : undefined;
    default:
      return undefined;
  }
}
