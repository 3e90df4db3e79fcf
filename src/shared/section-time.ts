/**
 * Times as the library's section editor shows and takes them (issue #18): `0:05`,
 * `1:02:03`, `0:04.2`. Typed times are read leniently (seconds alone, a comma for the
 * decimal point as French writes it), since a user types what a player showed them.
 */

const MS_PER_SECOND = 1000;

/**
 * `m:ss` below an hour, `h:mm:ss` above, with as many decimals of a second as the time has
 * (at most three, trailing zeros dropped): 4200 → `0:04.2`, 5000 → `0:05`. `decimal` is the
 * reader's decimal separator.
 */
export function formatSectionTime(ms: number, decimal = '.'): string {
  const rounded = Math.max(0, Math.round(ms));
  const whole = Math.floor(rounded / MS_PER_SECOND);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = String(whole % 60).padStart(2, '0');
  const fraction = String(rounded % MS_PER_SECOND)
    .padStart(3, '0')
    .replace(/0+$/, '');
  const clock = hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
  return fraction ? `${clock}${decimal}${fraction}` : clock;
}

/**
 * A typed time in ms, or undefined when it is not one: `5`, `5.5`, `0:05`, `1:02:03`,
 * `0:04,2`. Minutes and seconds after a colon must be below 60 (`1:75` is a typo, not
 * 2:15); the first figure may be any size (`90` or `90:00`).
 */
export function parseSectionTime(text: string): number | undefined {
  const match = /^(?:(\d+):)?(?:(\d+):)?(\d+)(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, first, second, last, fraction] = match;
  const fields = [first, second, last].filter((field): field is string => field !== undefined).map(Number);
  if (fields.slice(1).some((field) => field >= 60)) return undefined;
  const seconds = fields.reduce((total, field) => total * 60 + field, 0);
  const ms = fraction ? Number(fraction.padEnd(3, '0')) : 0;
  return seconds * MS_PER_SECOND + ms;
}

/** The decimal separator of `locale` (`.` in English, `,` in French). */
export function decimalSeparatorOf(locale: string | undefined): string {
  const parts = new Intl.NumberFormat(locale).formatToParts(1.5);
  return parts.find((part) => part.type === 'decimal')?.value ?? '.';
}
