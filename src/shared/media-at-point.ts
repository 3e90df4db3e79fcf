/**
 * Which media element a right-click meant when it landed on a player's own layers (a
 * click-catcher, a control bar, captions) rather than on the element: the one under the
 * point. Pure: the content script measures the boxes and the layers.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface MediaAtPoint<T> {
  item: T;
  box: Box;
  /**
   * Its place in `document.elementsFromPoint` at the point (0: topmost), or undefined when
   * it is not listed there (`pointer-events: none` elements are not).
   */
  layer: number | undefined;
}

function contains(box: Box, { x, y }: Point): boolean {
  return (
    box.right > box.left && box.bottom > box.top && x >= box.left && x <= box.right && y >= box.top && y <= box.bottom
  );
}

const area = (box: Box) => (box.right - box.left) * (box.bottom - box.top);

/**
 * The media whose box holds the point: the topmost listed layer first, then the smallest
 * (a picture-in-picture over a larger one), then document order. Undefined when none.
 */
export function mediaAtPoint<T>(point: Point, candidates: readonly MediaAtPoint<T>[]): T | undefined {
  const rank = (layer: number | undefined) => layer ?? Number.POSITIVE_INFINITY;
  return candidates
    .map((candidate, index) => ({ ...candidate, index }))
    .filter(({ box }) => contains(box, point))
    .sort((a, b) => rank(a.layer) - rank(b.layer) || area(a.box) - area(b.box) || a.index - b.index)[0]?.item;
}

/** The centre of a box: where to look when the right-click's own point is not known. */
export function centreOf(box: Box): Point {
  return { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
}
