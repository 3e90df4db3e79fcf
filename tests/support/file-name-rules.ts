/**
 * The rules a saved file's name must follow for both browsers' downloads APIs and for
 * Windows, macOS and Linux, written apart from src/shared/file-name.ts (whose comment
 * gives their sources) so that tests judge it rather than repeat it.
 */

/** Bytes of UTF-8 a whole name may take. */
export const BUDGET = 200;
const utf8 = new TextEncoder();

/** What is wrong with `name` as a file name with `extension`, by the browsers' rules; [] if nothing. */
export function fileNameProblems(name: string, extension: string): string[] {
  const found: string[] = [];
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) found.push('lone surrogate');
  // Chromium: Cc, Cf, noncharacters; Firefox also unassigned and private use.
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u.test(name)) found.push('control, format, private or unassigned');
  if (/\p{Noncharacter_Code_Point}/u.test(name)) found.push('noncharacter');
  if (/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/.test(name)) found.push('bidi control');
  if (/[<>:"/\\|?*]/.test(name)) found.push('forbidden character');
  if (/^[.\s~]/u.test(name) || /[.\s~]$/u.test(name)) found.push('dot, space or tilde at an end');
  const beforeDot = name.split('.')[0]!.replace(/\s+$/u, '');
  if (/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i.test(beforeDot))
    found.push('device name');
  if (utf8.encode(name).length > BUDGET) found.push(`${utf8.encode(name).length} bytes`);
  if (!name.endsWith(`.${extension}`)) found.push('extension');
  const stem = name.slice(0, -(extension.length + 1));
  if (!stem || /^[.\s]*$/u.test(stem)) found.push('empty stem');
  return found;
}
