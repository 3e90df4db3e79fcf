import { describe, expect, it } from 'vitest';
import { formatBytes, formatElapsed } from '../../src/shared/format';
import { chooseMainMedia, sortForDisplay, sourceLabel, type MediaDescriptor } from '../../src/shared/media';
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

describe('chooseMainMedia (the keyboard shortcut)', () => {
  const pick = (...items: MediaDescriptor[]) => chooseMainMedia(items)?.id;

  it('takes the largest visible element that plays, over a larger paused one', () => {
    expect(
      pick(
        media('paused-big', { displayWidth: 1280, displayHeight: 720, paused: true }),
        media('ad', { displayWidth: 300, displayHeight: 250 }),
        media('main', { displayWidth: 640, displayHeight: 360 }),
      ),
    ).toBe('main');
  });

  it('falls back to the largest visible one, then to a playing invisible one (audio)', () => {
    expect(
      pick(
        media('small', { displayWidth: 100, displayHeight: 100, paused: true }),
        media('big', { displayWidth: 640, displayHeight: 360, paused: true }),
      ),
    ).toBe('big');
    expect(
      pick(
        media('stopped', { kind: 'audio', visible: false, paused: true }),
        media('music', { kind: 'audio', visible: false }),
      ),
    ).toBe('music');
    expect(pick(media('ended', { visible: false, paused: true, ended: true }))).toBe('ended');
  });

  it('finds nothing on a page without media', () => {
    expect(chooseMainMedia([])).toBeUndefined();
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
