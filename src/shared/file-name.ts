/**
 * Names for saved recordings, from the user's template (default
 * `{title} {date} {time}` → `My video 2026-11-24 09-05-07.mp4`), that both browsers'
 * downloads APIs accept and Windows, macOS and Linux can store, whatever the page's title.
 *
 * The rules, and where they come from:
 * - Chromium refuses a `downloads.download` filename that is not a safe portable path
 *   (net::IsSafePortablePathComponent, net/base/filename_util.cc), which needs
 *   base::i18n::IsFilenameLegal (base/i18n/file_util_icu.cc): no `"*\/:<>?\|`, no control
 *   (Cc) or format (Cf: soft hyphen, zero-width and bidi marks, embeddings, overrides,
 *   isolates, BOM, tag characters) characters, no noncharacters (U+FDD0–U+FDEF, U+xFFFE,
 *   U+xFFFF) anywhere; no white space, `.` or `~` first or last; and the name unchanged by
 *   net::SanitizeGeneratedFileName and not a Windows device name
 *   (base::IsReservedNameOnWindows: the part before the first dot, on every system).
 *   Also seen here (PLATFORM-NOTES): names over about 250 bytes of UTF-8 are refused.
 * - Firefox refuses a filename that DownloadPaths.sanitize (toolkit/components/downloads,
 *   through nsExternalHelperAppService::SanitizeFileName) would change: it drops characters
 *   of its "other" category (Cc, Cf, Cn, Co, Cs: controls, format characters, unassigned
 *   and noncharacter code points, private use, lone surrogates), turns separators into
 *   spaces, trims dots and white space at the ends and cuts names to 255 bytes. Firefox
 *   and Edge on Windows were also reported refusing or replacing `%` (not verified here).
 * - Windows (learn.microsoft.com "Naming Files, Paths, and Namespaces"): no `<>:"/\|?*` or
 *   codes 0–31; no trailing dot or space; CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9 (also with
 *   the superscript digits ¹²³) are devices whatever follows them (`CON.mp4`, `con .txt`);
 *   CONIN$, CONOUT$ and CLOCK$ are in Chromium's list too.
 * - macOS (APFS, HFS+) and Linux (ext4 and most others) allow 255 bytes of UTF-8 per name;
 *   a leading dot hides a file.
 * So: controls and the characters above become spaces, every other code point of general
 * category C is dropped, white space runs become one space, dots and spaces go from the
 * ends, a device name gets `_` after it, and the whole name (extension and part suffix
 * included) is kept within MAX_FILE_NAME_BYTES of UTF-8, cut between grapheme clusters
 * (Intl.Segmenter) so an emoji sequence or a letter with its marks is never split. Room is
 * left under 255 for the ` (1)` the browsers add to a name already taken.
 */

export const MAX_FILE_NAME_BYTES = 200;
const MAX_SUFFIX_BYTES = 40;
/** The word used when nothing usable is left of a name; callers pass a localized one. */
export const FALLBACK_WORD = 'Recording';

// Controls, and the characters a browser or a system refuses anywhere in a name.
const TO_SPACE = /[\p{Cc}<>:"/\\|?*~%]/gu;
// Format, unassigned (noncharacters included), private-use and surrogate code points: a
// lone surrogate matches \p{Cs} in a `u` expression.
const DROPPED = /[\p{Cf}\p{Cn}\p{Co}\p{Cs}]/gu;
const WHITE_SPACE = /\p{White_Space}+/gu;
const AT_ENDS = /^[\p{White_Space}.]+|[\p{White_Space}.]+$/gu;
// The part of a name before its first dot, white space after it ignored (Windows drops it).
// No `u` flag, so `i` folds ASCII only.
const RESERVED_WINDOWS =
  /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$|clock\$)(?=\s*(\.|$))/i;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const utf8 = new TextEncoder();

/** Bytes of `text` in UTF-8 (a lone surrogate counts as the three of its replacement). */
export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

/** The longest start of `text` within `maxBytes` of UTF-8 that ends between two graphemes. */
function truncateToBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let kept = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    bytes += utf8Length(segment);
    if (bytes > maxBytes) break;
    kept += segment;
  }
  return kept;
}

const trimEnds = (text: string): string => text.replace(AT_ENDS, '');

/** Text with every character a file name cannot hold removed or made a space; may be empty. */
function sanitize(text: string): string {
  return trimEnds(text.normalize('NFC').replace(TO_SPACE, ' ').replace(DROPPED, '').replace(WHITE_SPACE, ' '));
}

/** Keeps the part of `name` before its first dot from being a Windows device name. */
function avoidReservedName(name: string): string {
  return name.replace(RESERVED_WINDOWS, '$1_');
}

/**
 * Makes text usable as a file name without its extension, within `maxBytes` of UTF-8
 * (one more for a device name's `_`; by default, room is left for `.webm`); never empty.
 */
export function cleanTitle(
  title: string,
  maxBytes = MAX_FILE_NAME_BYTES - '.webm_'.length,
  fallbackWord = FALLBACK_WORD,
): string {
  const cleaned = trimEnds(truncateToBytes(sanitize(title), maxBytes));
  if (!cleaned) return fallbackWord === FALLBACK_WORD ? FALLBACK_WORD : cleanTitle(fallbackWord, maxBytes);
  return avoidReservedName(cleaned);
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
type Field = (typeof TEMPLATE_FIELDS)[number];
/** Fields of free length, which share what the rest of the name leaves of the budget. */
const TEXT_FIELDS: readonly Field[] = ['title', 'media', 'site'];

/** The host name of a page, without `www.`, as `{site}` gives it. */
export function siteOf(pageUrl: string): string {
  try {
    return new URL(pageUrl).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

const FIELD_PATTERN = /\{(\w+)\}/g;
const isField = (name: string): name is Field => (TEMPLATE_FIELDS as readonly string[]).includes(name);

/**
 * Cuts the text fields so the filled template fits `budget` bytes: each use of a field gets
 * an equal share, and what a short field leaves goes to the longer ones (so a long title
 * never pushes the date and time out of the name).
 */
function fitTextFields(template: string, values: Record<Field, string>, budget: number): void {
  const uses = new Map<Field, number>();
  const fixed = template.replace(FIELD_PATTERN, (whole, name: string) => {
    if (!isField(name)) return whole;
    if (!TEXT_FIELDS.includes(name)) return values[name];
    uses.set(name, (uses.get(name) ?? 0) + 1);
    return '';
  });
  let left = budget - utf8Length(fixed);
  let slots = [...uses.values()].reduce((sum, count) => sum + count, 0);
  const byLength = [...uses.keys()].sort((a, b) => utf8Length(values[a]) - utf8Length(values[b]));
  for (const field of byLength) {
    const count = uses.get(field) ?? 1;
    const share = Math.max(0, Math.floor(left / slots));
    values[field] = trimEnds(truncateToBytes(values[field], share));
    left -= utf8Length(values[field]) * count;
    slots -= count;
  }
}

/**
 * Fills a template's `{field}`s and makes the result a safe file name with `extension`
 * (and `suffix`, such as "part 2", after the name), at most MAX_FILE_NAME_BYTES of UTF-8.
 * Unknown fields are left as written, so a typo shows in the preview instead of vanishing.
 * `fallbackWord` (localized by the caller) names a recording of which nothing is left.
 */
export function renderFileName(
  template: string,
  fields: FileNameFields,
  extension: string,
  suffix = '',
  fallbackWord = FALLBACK_WORD,
): string {
  const values: Record<Field, string> = {
    title: sanitize(fields.title),
    site: sanitize(siteOf(fields.pageUrl)),
    date: formatDate(fields.startedAt),
    time: formatTime(fields.startedAt),
    media: sanitize(fields.mediaTitle),
  };
  const cleanSuffix = trimEnds(truncateToBytes(sanitize(suffix), MAX_SUFFIX_BYTES));
  const tail = `${cleanSuffix ? ` ${cleanSuffix}` : ''}.${extension}`;
  // One byte stays free for the `_` after a device name.
  const budget = MAX_FILE_NAME_BYTES - utf8Length(tail) - 1;
  fitTextFields(template, values, budget);
  // Field values are cleaned before they are placed, so a title cannot add a path.
  const filled = template.replace(FIELD_PATTERN, (whole, name: string) => (isField(name) ? values[name] : whole));
  return `${cleanTitle(filled, budget, fallbackWord)}${tail}`;
}

/**
 * The plain name used when the downloads API refused the rendered one:
 * `Recording 2026-11-24 09-05-07.mp4` (with `word` localized).
 */
export function fallbackFileName(word: string, startedAt: Date, extension: string, suffix = ''): string {
  return renderFileName(
    '{title} {date} {time}',
    { title: cleanTitle(word, 60), pageUrl: '', mediaTitle: '', startedAt },
    extension,
    suffix,
  );
}
