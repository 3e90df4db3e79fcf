/**
 * While a popup is open on the tab: tells the background each change of this frame's media,
 * instead of being asked again and again. Changes are seen by a MutationObserver on the
 * document and on every shadow root found, and by the media elements' own trusted events;
 * a burst of them makes one report, 100 ms after its first, and only if the popup would
 * show something new.
 */

import { coalesce, realTimers } from '../shared/rate-limit';
import { changedForDisplay, type FrameMedia } from '../shared/media-report';
import { describeMedia } from './media-describe';
import { discoverMedia, isMedia } from './media-discovery';
import { otherFrameOrigins } from './frame-discovery';
import { countForTest } from './test-counters';

const REPORT_DELAY_MS = 100;
/**
 * Elements that hold no media in sight (a chat line, an ad) are looked into at most this
 * often: a page that adds them all the time is not walked ten times a second.
 */
const BLIND_LOOK_SPACING_MS = 1000;
/** Events after which an element may look different in the popup: source, metadata, play state. */
const MEDIA_EVENTS = [
  'loadstart',
  'loadedmetadata',
  'loadeddata',
  'durationchange',
  'emptied',
  'resize',
  'play',
  'pause',
  'playing',
  'ended',
  'encrypted',
];
/** Attributes of a media element or frame that change its label, source or visibility. */
const WATCHED_ATTRIBUTES = ['src', 'title', 'aria-label', 'hidden', 'style', 'class'];

/** Changes of this document's child frames so far (see FrameMedia.frameChanges). */
let frameChanges = 0;

/** This frame's media as the popup lists it; `onShadowRoot` sees each shadow root on the way. */
export function frameMedia(onShadowRoot?: (shadow: ShadowRoot) => void): FrameMedia {
  if (__TEST__) countForTest('walks');
  return {
    media: discoverMedia(document, onShadowRoot).map(describeMedia),
    origin: location.origin,
    frameOrigins: otherFrameOrigins(),
    frameChanges,
  };
}

/**
 * A frame that may hold a web page. Extensions' own frames (ours: Firefox's slice writer)
 * are left out: no content script goes in them.
 */
function isFrame(node: unknown): boolean {
  if (!(node instanceof HTMLIFrameElement || node instanceof HTMLFrameElement)) return false;
  return !/^[a-z]+-extension:/.test(node.src);
}
const holdsFrame = (node: Node) =>
  isFrame(node) || (node instanceof Element && [...node.querySelectorAll('iframe, frame')].some(isFrame));

const holdsMedia = (node: Element) => isMedia(node) || node.querySelector('video, audio') !== null;

/**
 * Whether mutations change the media listed (`media`), may change it (`maybe`: an element
 * came or went that holds none in sight, but may hold some in a shadow root), and whether
 * they touch child frames.
 */
function weigh(records: MutationRecord[]): { media: boolean; maybe: boolean; frames: boolean } {
  let media = false;
  let maybe = false;
  let frames = false;
  for (const record of records) {
    if (record.type === 'attributes') {
      media ||= isMedia(record.target);
      frames ||= isFrame(record.target) && record.attributeName === 'src';
    } else {
      // Text changes (a clock, a counter) hold no media; any element may.
      const nodes = [...record.addedNodes, ...record.removedNodes].filter((node) => node instanceof Element);
      media ||= nodes.some(holdsMedia);
      maybe ||= nodes.length > 0;
      frames ||= nodes.some(holdsFrame);
    }
  }
  return { media, maybe, frames };
}

export interface MediaWatch {
  /** The media now (looks afresh). */
  current(): FrameMedia;
  stop(): void;
}

/** `report` resolves to whether the background still wants reports; false stops them. */
export function watchMedia(report: (media: FrameMedia) => Promise<boolean>): MediaWatch {
  const controller = new AbortController();
  const { signal } = controller;
  const watchedRoots = new WeakSet<Node>();
  let last: FrameMedia | undefined;

  const send = (next: FrameMedia) => {
    if (!changedForDisplay(last, next)) return;
    last = next;
    void report(next).then((watching) => watching || stop());
  };
  const look = () => send(frameMedia(watchRoot));
  const scheduled = coalesce(look, REPORT_DELAY_MS);
  const blindLook = coalesce(look, REPORT_DELAY_MS, realTimers, BLIND_LOOK_SPACING_MS);

  const observer = new MutationObserver((records) => {
    const { media, maybe, frames } = weigh(records);
    if (frames) frameChanges++;
    if (media || frames) scheduled.schedule();
    else if (maybe) blindLook.schedule();
  });

  function watchRoot(root: Document | ShadowRoot): void {
    if (watchedRoots.has(root)) return;
    watchedRoots.add(root);
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: WATCHED_ATTRIBUTES });
    // Media events do not leave a shadow root: each root is listened to on its own.
    const onMediaEvent = (event: Event) => {
      if (event.isTrusted && isMedia(event.target as Node)) scheduled.schedule();
    };
    for (const type of MEDIA_EVENTS) root.addEventListener(type, onMediaEvent, { capture: true, signal });
    // Chromium tells whether a video has sound only once some has played: look again as it plays.
    root.addEventListener(
      'timeupdate',
      (event) => {
        if (event.isTrusted && last?.media.some((item) => item.hasAudio === null)) scheduled.schedule();
      },
      { capture: true, signal },
    );
    // A child frame loaded a document, which the content script is not in yet.
    root.addEventListener(
      'load',
      (event) => {
        if (!event.isTrusted || !isFrame(event.target)) return;
        frameChanges++;
        scheduled.schedule();
      },
      { capture: true, signal },
    );
  }

  // Scrolling and resizing move elements in and out of view, which orders the list.
  const onView = (event: Event) => event.isTrusted && blindLook.schedule();
  addEventListener('resize', onView, { signal, passive: true });
  document.addEventListener('scroll', onView, { capture: true, signal, passive: true });
  // The frame goes away (navigated, removed): its media with it.
  addEventListener('pagehide', () => send({ media: [], origin: location.origin, frameOrigins: [], frameChanges }), {
    signal,
  });

  function stop(): void {
    controller.abort();
    observer.disconnect();
    scheduled.cancel();
    blindLook.cancel();
  }

  watchRoot(document);
  return {
    current: () => {
      last = frameMedia(watchRoot);
      return last;
    },
    stop,
  };
}
