/** Display formatting shared by the popup and, later, the library. */

/** `m:ss` below an hour, `h:mm:ss` above. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * A time for a file name, to the tenth of a second: `5s`, `4.2s`, `2m05s`, `1h02m03s`
 * (no colon: Windows refuses it in names).
 */
export function fileNameTime(ms: number): string {
  const tenths = Math.max(0, Math.round(ms / 100));
  const hours = Math.floor(tenths / 36_000);
  const minutes = Math.floor((tenths % 36_000) / 600);
  const seconds = (tenths % 600) / 10;
  const secondsText = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
  const padded = seconds < 10 ? `0${secondsText}` : secondsText;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m${padded}s`;
  return minutes > 0 ? `${minutes}m${padded}s` : `${secondsText}s`;
}

// Starts at kilobytes: a recording's size is never interesting to the byte.
const UNITS = ['kilobyte', 'megabyte', 'gigabyte'] as const;

/** Bytes in the largest unit that keeps the number readable, in the reader's locale. */
export function formatBytes(bytes: number, locale?: string): string {
  let value = Math.max(0, bytes) / 1000;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit >= 1 ? 1 : 0,
  }).format(value);
}
