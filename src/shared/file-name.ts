/**
 * Names for saved recordings, from the user's template (default
 * `{title} {date} {time}` → `My video 2026-11-24 09-05-07.mp4`), safe on Windows, macOS
 * and Linux and accepted by the downloads API (which refuses some names outright).
 */

const MAX_NAME_LENGTH = 120;
const FALLBACK_NAME = 'Recording';

// Characters no common file system accepts, control characters, and the ones the downloads
// API rejects in a file name.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f~]/g;
const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Text with every character a file name cannot hold removed; may come out empty. */
function sanitize(text: string, maxLength: number): string {
  const cleaned = text
    .normalize('NFC')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // Leading dots hide files on Unix; trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  return truncateByCodePoints(cleaned, maxLength).replace(/[.\s]+$/, '');
}

/** Makes text usable as a file name (without its extension); never empty. */
export function cleanTitle(title: string, maxLength = MAX_NAME_LENGTH): string {
  const cleaned = sanitize(title, maxLength);
  if (!cleaned) return FALLBACK_NAME;
  return RESERVED_WINDOWS.test(cleaned) ? `${cleaned}_` : cleaned;
}

// Cuts on code points so an emoji is never split into a lone surrogate.
function truncateByCodePoints(text: string, maxLength: number): string {
  const codePoints = Array.from(text);
  return codePoints.length <= maxLength ? text : codePoints.slice(0, maxLength).join('');
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** `yyyy-mm-dd` in local time. */
export function formatDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `hh-mm-ss` in local time (colons are not allowed in file names). */
export function formatTime(date: Date): string {
  return `${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`;
}

export interface FileNameFields {
  /** The page's title. */
  title: string;
  /** The page's address, of which the host name is used. */
  pageUrl: string;
  /** The media's own title, when the page gives it one. */
  mediaTitle: string;
  startedAt: Date;
}

export const TEMPLATE_FIELDS = ['title', 'site', 'date', 'time', 'media'] as const;

/** The host name of a page, without `www.`, as `{site}` gives it. */
export function siteOf(pageUrl: string): string {
  try {
    return new URL(pageUrl).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/**
 * Fills a template's `{field}`s and makes the result a safe file name with `extension`
 * (and `suffix`, such as "part 2", after the name).
 * Unknown fields are left as written, so a typo shows in the preview instead of vanishing.
 */
export function renderFileName(template: string, fields: FileNameFields, extension: string, suffix = ''): string {
  const values: Record<(typeof TEMPLATE_FIELDS)[number], string> = {
    title: fields.title,
    site: siteOf(fields.pageUrl),
    date: formatDate(fields.startedAt),
    time: formatTime(fields.startedAt),
    media: fields.mediaTitle,
  };
  // Field values are cleaned before they are placed, so a title cannot add a path.
  const filled = template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? sanitize(values[name as keyof typeof values], MAX_NAME_LENGTH) : whole,
  );
  const name = cleanTitle(filled);
  return `${suffix ? `${name} ${sanitize(suffix, 40)}` : name}.${extension}`;
}
