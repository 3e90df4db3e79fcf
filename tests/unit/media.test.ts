import { describe, expect, it } from 'vitest';
import { formatBytes, formatElapsed } from '../../src/shared/format';
import { sortForDisplay, sourceLabel, type MediaDescriptor } from '../../src/shared/media';
import { classifyCaptureError } from '../../src/shared/errors';

function media(id: string, overrides: Partial<MediaDescriptor>): MediaDescriptor {
  return {
    id,
    kind: 'video',
    displayWidth: 0,
    displayHeight: 0,
    visible: true,
    videoWidth: 0,
    videoHeight: 0,
    duration: 10,
    live: false,
    paused: false,
    ended: false,
    currentTime: 0,
    hasAudio: true,
    hasVideo: true,
    blocker: null,
    label: '',
    ...overrides,
  };
}

describe('sortForDisplay', () => {
  it('lists the largest visible media first, hidden ones last', () => {
    const sorted = sortForDisplay([
      media('small', { displayWidth: 100, displayHeight: 100 }),
      media('hidden', { displayWidth: 2000, displayHeight: 2000, visible: false }),
      media('big', { displayWidth: 640, displayHeight: 360 }),
    ]);
    expect(sorted.map((item) => item.id)).toEqual(['big', 'small', 'hidden']);
  });

  it('puts playing before paused among equals, then keeps document order', () => {
    const sorted = sortForDisplay([
      media('a', { paused: true }),
      media('b', { paused: false }),
      media('c', { paused: true }),
    ]);
    expect(sorted.map((item) => item.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('sourceLabel', () => {
  it('takes the file name of http sources and nothing of blob or data URLs', () => {
    expect(sourceLabel('https://cdn.example.org/videos/My%20clip.mp4?x=1')).toBe('My clip.mp4');
    expect(sourceLabel('blob:https://example.org/1234')).toBe('');
    expect(sourceLabel('data:video/mp4;base64,AAAA')).toBe('');
    expect(sourceLabel('')).toBe('');
  });
});

describe('formatting', () => {
  it('shows elapsed time as m:ss, or h:mm:ss past an hour', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(65_400)).toBe('1:05');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
  });

  it('shows sizes in readable units', () => {
    expect(formatBytes(0, 'en')).toBe('0 kB');
    expect(formatBytes(12_345, 'en')).toBe('12 kB');
    expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatBytes(5_000_000_000, 'en')).toBe('5 GB');
  });
});

describe('classifyCaptureError', () => {
  it('recognises what each browser throws', () => {
    expect(
      classifyCaptureError(new DOMException('Cannot capture from element with cross-origin data', 'SecurityError')),
    ).toBe('cross-origin');
    expect(classifyCaptureError(new DOMException('Stream capture not supported with EME', 'NotSupportedError'))).toBe(
      'drm',
    );
    expect(classifyCaptureError(new DOMException('The operation is insecure.', 'SecurityError'))).toBe('cross-origin');
    expect(classifyCaptureError(new DOMException('nope', 'NotSupportedError'))).toBe('capture-unsupported');
    expect(classifyCaptureError(new Error('boom'))).toBe('recorder-failed');
    expect(classifyCaptureError(undefined)).toBe('recorder-failed');
  });
});
