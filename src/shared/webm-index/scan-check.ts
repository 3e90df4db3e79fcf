/**
 * A WebmScan that came from elsewhere (Firefox's slice-writer frame lives inside web pages,
 * and its news passes through the content script): taken only when every field has its
 * type and sane bounds. A scan that fails this, or that does not match the bytes stored
 * (scannedBytes), is dropped and the recording finishes by remux: never a broken file.
 */

import type { OpenCluster, OpenElement, OpenFrame, WebmScan } from './scan-state';
import type { WebmSliceIndex } from './types';

/** Past what any slice-writer's scan holds: the unread start of one element, or a header element. */
const MAX_CARRY_BYTES = 2 * 1024 * 1024;
const MAX_OPEN = 64;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isBytes = (value: unknown): value is Uint8Array =>
  value instanceof Uint8Array && value.byteLength <= MAX_CARRY_BYTES;
const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);

const isOpenElement = (value: unknown): value is OpenElement =>
  isObject(value) && isCount(value.id) && isCount(value.at) && optional(value.end, isCount);

const isOpenCluster = (value: unknown): value is OpenCluster =>
  isObject(value) &&
  isCount(value.at) &&
  optional(value.time, isInteger) &&
  isBoolean(value.sized) &&
  isCount(value.frames) &&
  isBoolean(value.cueTaken) &&
  isFiniteNumber(value.endTime);

const isOpenFrame = (value: unknown): value is OpenFrame =>
  isObject(value) &&
  isCount(value.at) &&
  isCount(value.end) &&
  isCount(value.track) &&
  isInteger(value.time) &&
  isBoolean(value.key) &&
  isBoolean(value.grouped);

const isHead = (value: unknown): boolean =>
  isObject(value) && optional(value.ebml, isBytes) && optional(value.info, isBytes) && optional(value.tracks, isBytes);

const isCueTrack = (value: unknown): boolean => isObject(value) && isCount(value.number) && isBoolean(value.video);

const isLastFrame = (value: unknown): boolean =>
  isObject(value) && isCount(value.track) && isInteger(value.time) && isFiniteNumber(value.gap);

/** Whether `value` is a scan state, field by field. */
export function isWebmScan(value: unknown): value is WebmScan {
  if (!isObject(value)) return false;
  const s = value;
  return (
    isCount(s.at) &&
    isCount(s.skip) &&
    isBytes(s.carry) &&
    Array.isArray(s.open) &&
    s.open.length <= MAX_OPEN &&
    s.open.every(isOpenElement) &&
    isHead(s.head) &&
    isBoolean(s.clustersStarted) &&
    optional(s.cueTrack, isCueTrack) &&
    optional(s.cluster, isOpenCluster) &&
    optional(s.frame, isOpenFrame) &&
    isBoolean(s.groupReferences) &&
    Array.isArray(s.lastFrames) &&
    s.lastFrames.length <= MAX_OPEN &&
    s.lastFrames.every(isLastFrame) &&
    isCount(s.wholeTo) &&
    isFiniteNumber(s.endTime) &&
    isBoolean(s.sizedClusters) &&
    optional(s.refused, (refused) => typeof refused === 'string')
  );
}

/** Flat groups of whole numbers, as the rows' clusterTimes and frames are (frame times may be negative). */
const isGroups = (value: unknown, group: number): value is number[] =>
  Array.isArray(value) && value.length % group === 0 && value.every(isInteger);

/**
 * Why a stored slice's index lacks what joining parts and cutting sections read (issue #18),
 * or undefined when it has it. Rows stored by older versions lack it: finishing then remuxes.
 */
export function joinFieldsProblem(index: WebmSliceIndex): string | undefined {
  if (index.clusterTimes === undefined || index.frames === undefined) {
    return 'the index was stored by an older version';
  }
  return isGroups(index.clusterTimes, 4) && isGroups(index.frames, 3) ? undefined : 'a damaged index';
}
