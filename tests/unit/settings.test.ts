import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normalizeSettings, QUALITY_PRESETS } from '../../src/shared/settings';

describe('normalizeSettings', () => {
  it('gives the defaults for nothing stored', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it('makes whatever was stored usable settings, and leaves those alone', () => {
    const stored: unknown[] = [
      {},
      { format: 42, quality: null, fileNameTemplate: ['x'], keepDays: '7', keepGigabytes: 2.5 },
      { maxLengthMinutes: Number.POSITIVE_INFINITY, askWhereToSave: 1, showPageIndicator: undefined },
      { ...DEFAULT_SETTINGS, format: 'mp4', quality: 'source', stopWhenMediaEnds: false, extra: 'ignored' },
    ];
    for (const value of stored) {
      const settings = normalizeSettings(value);
      expect(Object.keys(settings).sort(), JSON.stringify(value)).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
      expect(['auto', 'mp4', 'webm']).toContain(settings.format);
      expect(Object.keys(QUALITY_PRESETS)).toContain(settings.quality);
      expect(settings.fileNameTemplate.trim()).not.toBe('');
      for (const flag of [settings.askWhereToSave, settings.stopWhenMediaEnds, settings.showPageIndicator])
        expect(typeof flag).toBe('boolean');
      for (const amount of [settings.maxLengthMinutes, settings.keepDays, settings.keepGigabytes]) {
        expect(Number.isFinite(amount) && amount >= 0, JSON.stringify(value)).toBe(true);
      }
      // Read back again, settings stay as they are.
      expect(normalizeSettings(settings)).toEqual(settings);
    }
  });

  it('keeps valid values and replaces invalid ones field by field', () => {
    expect(
      normalizeSettings({
        format: 'webm',
        quality: 'ultra',
        fileNameTemplate: '  {site} {date}  ',
        askWhereToSave: 'yes',
        stopWhenMediaEnds: false,
        maxLengthMinutes: '90',
        showPageIndicator: 'no',
        sourceChange: 'ask',
      }),
    ).toEqual({
      format: 'webm',
      quality: 'standard',
      fileNameTemplate: '{site} {date}',
      askWhereToSave: false,
      stopWhenMediaEnds: false,
      maxLengthMinutes: 90,
      keepDays: 30,
      keepGigabytes: 5,
      showPageIndicator: true,
      sourceChange: 'one-file',
    });
    expect(normalizeSettings({ showPageIndicator: false }).showPageIndicator).toBe(false);
    expect(normalizeSettings({ sourceChange: 'file-per-source' }).sourceChange).toBe('file-per-source');
  });

  it('keeps saved recordings 30 days / 5 GB by default, and takes 0 for no limit', () => {
    expect(normalizeSettings({}).keepDays).toBe(30);
    expect(normalizeSettings({}).keepGigabytes).toBe(5);
    expect(normalizeSettings({ keepDays: 0, keepGigabytes: '0' })).toMatchObject({ keepDays: 0, keepGigabytes: 0 });
    expect(normalizeSettings({ keepDays: -3, keepGigabytes: 'lots' })).toMatchObject({
      keepDays: 30,
      keepGigabytes: 5,
    });
  });

  it('turns a blank template back into the default, and bounds the maximum length', () => {
    expect(normalizeSettings({ fileNameTemplate: '   ' }).fileNameTemplate).toBe(DEFAULT_SETTINGS.fileNameTemplate);
    expect(normalizeSettings({ maxLengthMinutes: -5 }).maxLengthMinutes).toBe(0);
    expect(normalizeSettings({ maxLengthMinutes: 1e9 }).maxLengthMinutes).toBe(1440);
    expect(normalizeSettings({ maxLengthMinutes: 'NaN' }).maxLengthMinutes).toBe(0);
  });

  it('orders the quality presets by bitrate', () => {
    const { standard, high, source } = QUALITY_PRESETS;
    expect(standard.videoBitsPerSecond).toBeLessThan(high.videoBitsPerSecond);
    expect(high.videoBitsPerSecond).toBeLessThan(source.videoBitsPerSecond);
  });
});
