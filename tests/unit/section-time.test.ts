import { describe, expect, it } from 'vitest';
import { decimalSeparatorOf, formatSectionTime, parseSectionTime } from '../../src/shared/section-time';

describe('section times', () => {
  it('formats as a player shows them, with the decimals the time has', () => {
    expect(formatSectionTime(0)).toBe('0:00');
    expect(formatSectionTime(5000)).toBe('0:05');
    expect(formatSectionTime(4200)).toBe('0:04.2');
    expect(formatSectionTime(4250)).toBe('0:04.25');
    expect(formatSectionTime(4233.4)).toBe('0:04.233');
    expect(formatSectionTime(62_000)).toBe('1:02');
    expect(formatSectionTime(3_723_000)).toBe('1:02:03');
    expect(formatSectionTime(36_000_000)).toBe('10:00:00');
    expect(formatSectionTime(4200, ',')).toBe('0:04,2');
    expect(formatSectionTime(-5)).toBe('0:00');
  });

  it('reads what a user types', () => {
    expect(parseSectionTime('0:05')).toBe(5000);
    expect(parseSectionTime(' 1:02:03 ')).toBe(3_723_000);
    expect(parseSectionTime('5')).toBe(5000);
    expect(parseSectionTime('90')).toBe(90_000);
    expect(parseSectionTime('90:00')).toBe(5_400_000);
    expect(parseSectionTime('0:04.2')).toBe(4200);
    expect(parseSectionTime('0:04,25')).toBe(4250);
    expect(parseSectionTime('12.5')).toBe(12_500);
  });

  it('refuses what is not a time', () => {
    for (const text of ['', 'abc', '1:75', '1:02:60', '1:2:3:4', '-5', '0:05.1234', '1e3', ':05', '5:'])
      expect(parseSectionTime(text), text).toBeUndefined();
  });

  it('reads back every time it shows', () => {
    for (const ms of [0, 100, 4200, 59_999, 60_000, 3_599_900, 3_600_000, 7_384_123])
      expect(parseSectionTime(formatSectionTime(ms))).toBe(ms);
  });

  it("uses the reader's decimal separator", () => {
    expect(decimalSeparatorOf('en')).toBe('.');
    expect(decimalSeparatorOf('fr')).toBe(',');
  });
});
