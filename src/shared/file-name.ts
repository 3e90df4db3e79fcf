/**
 * Names for saved recordings: `<page title> <yyyy-mm-dd hh-mm-ss>.<ext>`, safe on Windows,
 * macOS and Linux and accepted by the downloads API (which refuses some names outright).
 */

const MAX_TITLE_LENGTH = 100;
const FALLBACK_TITLE = 'Recording';

// Characters no common file system accepts, control characters, and the ones the downloads
// API rejects in a file name.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f~]/g;
const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Makes a page title usable as the start of a file name. */
export function cleanTitle(title: string, maxLength = MAX_TITLE_LENGTH): string {
  let cleaned = title
    .normalize('NFC')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // Leading dots hide files on Unix; trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  cleaned = truncateByCodePoints(cleaned, maxLength).replace(/[.\s]+$/, '');
  if (!cleaned || RESERVED_WINDOWS.test(cleaned)) {
    return cleaned ? `${cleaned}_` : FALLBACK_TITLE;
  }
  return cleaned;
}

// Cuts on code points so an emoji is never split into a lone surrogate.
function truncateByCodePoints(text: string, maxLength: number): string {
  const codePoints = Array.from(text);
  return codePoints.length <= maxLength ? text : codePoints.slice(0, maxLength).join('');
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** `yyyy-mm-dd hh-mm-ss` in local time, the way people read their own clock. */
export function formatTimestamp(date: Date): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`;
  return `${day} ${time}`;
}

export function recordingFileName(title: string, startedAt: Date, extension: string): string {
  return `${cleanTitle(title)} ${formatTimestamp(startedAt)}.${extension}`;
}
