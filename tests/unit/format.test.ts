import { describe, expect, it } from 'vitest';
import { fileNameTime } from '../../src/shared/format';

describe('fileNameTime', () => {
  it('writes times without a colon, to the tenth of a second', () => {
    expect(fileNameTime(0)).toBe('0s');
    expect(fileNameTime(5_000)).toBe('5s');
    expect(fileNameTime(4_230)).toBe('4.2s');
    expect(fileNameTime(125_000)).toBe('2m05s');
    expect(fileNameTime(125_400)).toBe('2m05.4s');
    expect(fileNameTime(3_723_000)).toBe('1h02m03s');
    expect(fileNameTime(-20)).toBe('0s');
  });
});
