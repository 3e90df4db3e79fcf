/** Display formatting shared by the popup and, later, the library. */

/** `m:ss` below an hour, `h:mm:ss` above. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
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
