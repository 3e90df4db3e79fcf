import { describe, expect, it } from 'vitest';
import { centreOf, mediaAtPoint, type Box } from '../../src/shared/media-at-point';

const box = (left: number, top: number, width: number, height: number): Box => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});

describe('mediaAtPoint', () => {
  const big = { item: 'big', box: box(0, 0, 640, 360), layer: undefined };
  const small = { item: 'small', box: box(650, 0, 320, 180), layer: undefined };

  it('finds the media whose box holds the point, layers or not', () => {
    expect(mediaAtPoint({ x: 700, y: 100 }, [big, small])).toBe('small');
    expect(mediaAtPoint({ x: 10, y: 350 }, [big, small])).toBe('big');
  });

  it('finds none beside every media', () => {
    expect(mediaAtPoint({ x: 645, y: 100 }, [big, small])).toBeUndefined();
    expect(mediaAtPoint({ x: 700, y: 200 }, [big, small])).toBeUndefined();
    expect(mediaAtPoint({ x: 0, y: 0 }, [])).toBeUndefined();
  });

  it('prefers the topmost layer where media overlap', () => {
    const inset = { item: 'inset', box: box(400, 200, 200, 120), layer: 3 };
    expect(mediaAtPoint({ x: 500, y: 250 }, [{ ...big, layer: 2 }, inset])).toBe('big');
    expect(mediaAtPoint({ x: 500, y: 250 }, [{ ...big, layer: 4 }, inset])).toBe('inset');
  });

  it('prefers the smaller of overlapping media the layers do not list (pointer-events: none)', () => {
    const inset = { item: 'inset', box: box(400, 200, 200, 120), layer: undefined };
    expect(mediaAtPoint({ x: 500, y: 250 }, [big, inset])).toBe('inset');
  });

  it('ignores hidden media (an empty box)', () => {
    const hidden = { item: 'hidden', box: box(0, 0, 0, 0), layer: undefined };
    expect(mediaAtPoint({ x: 0, y: 0 }, [hidden])).toBeUndefined();
  });

  it('takes a box centre', () => {
    expect(centreOf(box(10, 20, 100, 40))).toEqual({ x: 60, y: 40 });
  });
});
