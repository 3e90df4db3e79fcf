/**
 * The marker shown over the element being recorded: a red dot and the time recorded
 * (pauses excluded); a click on it stops the recording. It lives in a closed shadow root on
 * a host attached to the element's own document (so it works in frames), fixed over the
 * element's top-left corner, so that page styles cannot reach it and it cannot change the
 * page's layout. Everything it attaches goes when `signal` aborts.
 */

import { t } from '../platform/i18n';
import { activeMsAt, isRunning, notRunning, pausedAt, resumedAt } from '../shared/active-time';
import { formatElapsed } from '../shared/format';
import { INDICATOR_TEXT_FOR_TEST } from '../shared/test-hooks';
import type { MediaElement } from './media-discovery';

export interface PageIndicator {
  setPaused(paused: boolean): void;
}

/** Space between the element's corner and the marker, in CSS pixels. */
const INSET_PX = 8;

const STYLE = `
  button {
    all: initial;
    pointer-events: auto;
    cursor: pointer;
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 3px 8px;
    border-radius: 12px;
    background: rgba(0, 0, 0, 0.7);
    box-shadow: 0 0 0 1px rgba(255, 255, 255, 0.3);
    color: #fff;
    font: 600 12px/16px system-ui, sans-serif;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    opacity: 0.9;
  }
  button:hover, button:focus-visible { opacity: 1; }
  button:focus-visible { outline: 2px solid #fff; outline-offset: 1px; }
  .dot { width: 8px; height: 8px; border-radius: 50%; background: #e53935; }
  /* On hover the dot becomes a stop square: what a click does. */
  button:hover .dot { border-radius: 1px; }
  .paused .dot { background: #bbb; }
  @media (prefers-reduced-motion: no-preference) {
    button:not(.paused):not(:hover) .dot { animation: blink 2s steps(2, jump-none) infinite; }
    @keyframes blink { to { opacity: 0.4; } }
  }
`;

/** Inline and `!important`: the only styles that page rules cannot override on the host. */
function setImportant(element: HTMLElement, properties: Record<string, string>): void {
  for (const [name, value] of Object.entries(properties)) element.style.setProperty(name, value, 'important');
}

export function showPageIndicator(element: MediaElement, onStop: () => void, signal: AbortSignal): PageIndicator {
  const doc = element.ownerDocument;
  const view = doc.defaultView ?? window;
  // A tag of its own: page rules and scripts that target divs or spans leave it alone.
  const host = doc.createElement('media-recorder-indicator');
  // `all` first: the declarations after it win over its reset.
  setImportant(host, {
    all: 'initial',
    position: 'fixed',
    'z-index': '2147483647',
    'pointer-events': 'none',
    display: 'none',
  });
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const button = doc.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', t('indicator_stop'));
  button.title = t('indicator_stop');
  const dot = doc.createElement('span');
  dot.className = 'dot';
  const label = doc.createElement('span');
  button.append(dot, label);
  shadow.append(style, button);
  doc.documentElement.append(host);

  let time = resumedAt(notRunning, Date.now());
  const elapsed = () => activeMsAt(time, Date.now());

  const hidden = (rect: DOMRect) =>
    !element.isConnected ||
    // Anything in fullscreen sits in the top layer, above the marker anyway.
    doc.fullscreenElement !== null ||
    rect.width === 0 ||
    rect.height === 0 ||
    rect.bottom <= 0 ||
    rect.right <= 0 ||
    rect.top >= view.innerHeight ||
    rect.left >= view.innerWidth ||
    !element.checkVisibility({ opacityProperty: true, visibilityProperty: true });

  const update = () => {
    const ms = elapsed();
    label.textContent = t(isRunning(time) ? 'indicator_recording' : 'indicator_paused', formatElapsed(ms));
    button.classList.toggle('paused', !isRunning(time));
    if (__TEST__) host.setAttribute(INDICATOR_TEXT_FOR_TEST, label.textContent);
    const rect = element.getBoundingClientRect();
    if (hidden(rect)) {
      setImportant(host, { display: 'none' });
      return;
    }
    // Clamped to the visible part, so a video scrolled half out of view keeps its marker.
    setImportant(host, {
      display: 'block',
      left: `${Math.max(rect.left, 0) + INSET_PX}px`,
      top: `${Math.max(rect.top, 0) + INSET_PX}px`,
    });
  };

  // Layout is read at most once a frame, however many scroll events arrive.
  let frame: number | undefined;
  const scheduleUpdate = () => {
    frame ??= view.requestAnimationFrame(() => {
      frame = undefined;
      update();
    });
  };
  // The text changes when the elapsed second does; the tick also catches moves no event reports.
  let tick: ReturnType<typeof setTimeout> | undefined;
  const armTick = () => {
    tick = setTimeout(
      () => {
        update();
        armTick();
      },
      1000 - (elapsed() % 1000),
    );
  };

  const listening = { signal, passive: true };
  // Capture: scrolling of any scroller in the page, not only the document's.
  doc.addEventListener('scroll', scheduleUpdate, { ...listening, capture: true });
  view.addEventListener('resize', scheduleUpdate, listening);
  doc.addEventListener('fullscreenchange', scheduleUpdate, listening);
  const resizes = new ResizeObserver(scheduleUpdate);
  resizes.observe(element);
  // Clicking must not move the page's focus; the button stays reachable with Tab.
  button.addEventListener('mousedown', (event) => event.preventDefault(), { signal });
  button.addEventListener(
    'click',
    (event) => {
      event.stopPropagation();
      // Only the user's own click (or key) stops; not one a page script dispatched.
      if (event.isTrusted) onStop();
    },
    { signal },
  );
  signal.addEventListener('abort', () => {
    clearTimeout(tick);
    if (frame !== undefined) view.cancelAnimationFrame(frame);
    resizes.disconnect();
    host.remove();
  });
  update();
  armTick();

  return {
    setPaused(paused) {
      time = paused ? pausedAt(time, Date.now()) : resumedAt(time, Date.now());
      clearTimeout(tick);
      update();
      armTick();
    },
  };
}
