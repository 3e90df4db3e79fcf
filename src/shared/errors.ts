/**
 * Every failure a user can meet, as a code. The popup shows the locale message named by
 * `errorMessageKey`; codes travel between contexts instead of raw exception text.
 */

export type ErrorCode =
  | 'page-forbidden'
  | 'site-access-needed'
  | 'site-access-declined'
  | 'tab-unavailable'
  | 'media-gone'
  | 'no-source'
  | 'cross-origin'
  | 'drm'
  | 'capture-unsupported'
  | 'no-tracks'
  | 'unsupported-format'
  | 'play-blocked'
  | 'recorder-failed'
  | 'storage-failed'
  | 'storage-full'
  | 'extension-unreachable'
  | 'stop-unanswered'
  | 'download-failed'
  | 'file-name-refused'
  | 'already-recording'
  | 'empty-recording'
  | 'finalize-failed'
  | 'parts-not-joined'
  | 'no-media'
  | 'not-recording'
  | 'cut-no-index'
  | 'cut-data-freed'
  | 'section-invalid'
  | 'unknown';

/** `_locales` message names, one per code (checked by a unit test against both locales). */
export function errorMessageKey(code: ErrorCode): string {
  return `error_${code.replace(/-/g, '_')}`;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export const ERROR_CODES: readonly ErrorCode[] = [
  'page-forbidden',
  'site-access-needed',
  'site-access-declined',
  'tab-unavailable',
  'media-gone',
  'no-source',
  'cross-origin',
  'drm',
  'capture-unsupported',
  'no-tracks',
  'unsupported-format',
  'play-blocked',
  'recorder-failed',
  'storage-failed',
  'storage-full',
  'extension-unreachable',
  'stop-unanswered',
  'download-failed',
  'file-name-refused',
  'already-recording',
  'empty-recording',
  'finalize-failed',
  'parts-not-joined',
  'no-media',
  'not-recording',
  'cut-no-index',
  'cut-data-freed',
  'section-invalid',
  'unknown',
];

/**
 * Maps what `captureStream()` / `MediaRecorder` threw to a code.
 * Chromium throws SecurityError "Cannot capture from element with cross-origin data" and
 * NotSupportedError "Stream capture not supported with EME"; Firefox throws SecurityError
 * from `MediaRecorder.start()` for cross-origin data.
 */
export function classifyCaptureError(error: unknown): ErrorCode {
  const name = error instanceof Error || isDomExceptionLike(error) ? error.name : '';
  const message = error instanceof Error || isDomExceptionLike(error) ? error.message : String(error);
  if (name === 'SecurityError' || /cross-origin|cross origin/i.test(message)) return 'cross-origin';
  if (/\bEME\b|encrypted|protected/i.test(message)) return 'drm';
  if (name === 'NotSupportedError') return 'capture-unsupported';
  if (name === 'NotAllowedError') return 'play-blocked';
  return 'recorder-failed';
}

function isDomExceptionLike(value: unknown): value is { name: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
