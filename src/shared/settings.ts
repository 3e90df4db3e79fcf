/**
 * The user's recording settings, as stored in `storage.sync`, with their defaults and the
 * checks that make anything read back from storage safe to use.
 */

export type FormatPreference = 'auto' | 'mp4' | 'webm';
export type QualityPreset = 'standard' | 'high' | 'source';
/** When the recorded element switches to another source: one file for all, or one per source. */
export type SourceChangePreference = 'one-file' | 'file-per-source';

export interface Settings {
  format: FormatPreference;
  quality: QualityPreset;
  fileNameTemplate: string;
  /** Show the browser's Save As dialog for each file. */
  askWhereToSave: boolean;
  stopWhenMediaEnds: boolean;
  /** Minutes; 0 means no limit. */
  maxLengthMinutes: number;
  /** How long saved recordings stay in the library, in days; 0 means no limit. */
  keepDays: number;
  /** How much room saved recordings may take in the library, in GB; 0 means no limit. */
  keepGigabytes: number;
  /** A small marker over the element being recorded (elapsed time, click to stop). */
  showPageIndicator: boolean;
  sourceChange: SourceChangePreference;
}

export interface Bitrates {
  videoBitsPerSecond: number;
  audioBitsPerSecond: number;
}

/** Bitrates each preset asks MediaRecorder for. */
export const QUALITY_PRESETS: Record<QualityPreset, Bitrates> = {
  standard: { videoBitsPerSecond: 2_500_000, audioBitsPerSecond: 128_000 },
  high: { videoBitsPerSecond: 6_000_000, audioBitsPerSecond: 192_000 },
  // Enough for 1080p60 to look like its source; the encoder spends less on simpler video.
  source: { videoBitsPerSecond: 16_000_000, audioBitsPerSecond: 256_000 },
};

export const DEFAULT_FILE_NAME_TEMPLATE = '{title} {date} {time}';

export const DEFAULT_SETTINGS: Settings = {
  format: 'auto',
  quality: 'standard',
  fileNameTemplate: DEFAULT_FILE_NAME_TEMPLATE,
  askWhereToSave: false,
  stopWhenMediaEnds: true,
  maxLengthMinutes: 0,
  keepDays: 30,
  keepGigabytes: 5,
  showPageIndicator: true,
  sourceChange: 'one-file',
};

const MAX_LENGTH_LIMIT_MINUTES = 24 * 60;

/** A whole number from 0 to `max`, or `fallback` when there is none. */
function wholeNumber(value: unknown, max: number, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? Math.min(Math.round(number), max) : fallback;
}

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

/** Whatever storage holds (older versions, hand edits, nothing), as valid settings. */
export function normalizeSettings(stored: unknown): Settings {
  const raw = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const minutes = Number(raw.maxLengthMinutes);
  const template = typeof raw.fileNameTemplate === 'string' ? raw.fileNameTemplate.trim() : '';
  return {
    format: oneOf(raw.format, ['auto', 'mp4', 'webm'], DEFAULT_SETTINGS.format),
    quality: oneOf(raw.quality, ['standard', 'high', 'source'], DEFAULT_SETTINGS.quality),
    fileNameTemplate: template ? template.slice(0, 200) : DEFAULT_FILE_NAME_TEMPLATE,
    askWhereToSave: typeof raw.askWhereToSave === 'boolean' ? raw.askWhereToSave : DEFAULT_SETTINGS.askWhereToSave,
    stopWhenMediaEnds:
      typeof raw.stopWhenMediaEnds === 'boolean' ? raw.stopWhenMediaEnds : DEFAULT_SETTINGS.stopWhenMediaEnds,
    maxLengthMinutes:
      Number.isFinite(minutes) && minutes > 0 ? Math.min(Math.round(minutes), MAX_LENGTH_LIMIT_MINUTES) : 0,
    keepDays: wholeNumber(raw.keepDays, 3650, DEFAULT_SETTINGS.keepDays),
    keepGigabytes: wholeNumber(raw.keepGigabytes, 10_000, DEFAULT_SETTINGS.keepGigabytes),
    showPageIndicator:
      typeof raw.showPageIndicator === 'boolean' ? raw.showPageIndicator : DEFAULT_SETTINGS.showPageIndicator,
    sourceChange: oneOf(raw.sourceChange, ['one-file', 'file-per-source'], DEFAULT_SETTINGS.sourceChange),
  };
}
