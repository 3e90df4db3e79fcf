/**
 * The section editor's timeline: the recording's length as a bar, the chosen section on
 * it, the player's position, and two handles to drag. Each handle is an ARIA slider
 * (arrows, PageUp/PageDown, Home/End; its name and time read out), so the keyboard and a
 * screen reader do all the mouse does. Handles are elements of our own rather than two
 * stacked <input type="range">: two native ranges on one bar fight over the pointer, and
 * their PageUp steps differ by browser.
 */

import { t } from '../../platform/i18n';
import { h } from '../../platform/ui/dom';
import type { SectionRange } from '../../shared/file-pieces';
import { handleLimits, moveHandle, nearerHandle, sliderKeyValue, type Handle } from '../../shared/section-edit';
import { formatSectionTime } from '../../shared/section-time';

/** A pointer drag moves handles by tenths of a second: finer than a pixel means nothing. */
const DRAG_STEP_MS = 100;

export interface SectionTimeline {
  element: HTMLElement;
  /** Shows `section` (chosen elsewhere: typed, or at the playhead). */
  show(section: SectionRange): void;
  /** Where the player is, in ms. */
  showPlayhead(ms: number): void;
}

export function sectionTimeline(options: {
  durationMs: number;
  section: SectionRange;
  decimal: string;
  /** The id of the recording's title, so each handle says which recording it cuts. */
  describedBy: string;
  /** The user moved `handle`. */
  onMove(section: SectionRange, handle: Handle): void;
}): SectionTimeline {
  const { durationMs, decimal } = options;
  let section = options.section;
  const range = h('div', { class: 'timeline-range' });
  const playhead = h('div', { class: 'timeline-playhead', 'aria-hidden': 'true' });
  const handles: Record<Handle, HTMLElement> = {
    start: handleElement('start', t('library_sectionStartHandle'), options.describedBy),
    end: handleElement('end', t('library_sectionEndHandle'), options.describedBy),
  };
  const element = h(
    'div',
    { class: 'timeline' },
    h('div', { class: 'timeline-track' }, range, playhead),
    handles.start,
    handles.end,
  );
  const percent = (ms: number) => `${durationMs > 0 ? (ms / durationMs) * 100 : 0}%`;

  const show = (next: SectionRange) => {
    section = next;
    range.style.left = percent(section.startMs);
    range.style.width = percent(section.endMs - section.startMs);
    for (const handle of ['start', 'end'] as const) {
      const value = handle === 'start' ? section.startMs : section.endMs;
      const { min, max } = handleLimits(handle, section, durationMs);
      const slider = handles[handle];
      slider.style.left = percent(value);
      slider.setAttribute('aria-valuemin', String(min));
      slider.setAttribute('aria-valuemax', String(max));
      slider.setAttribute('aria-valuenow', String(value));
      slider.setAttribute('aria-valuetext', formatSectionTime(value, decimal));
    }
  };
  const move = (handle: Handle, ms: number) => {
    const next = moveHandle(handle, ms, section, durationMs);
    if (next.startMs === section.startMs && next.endMs === section.endMs) return;
    show(next);
    options.onMove(next, handle);
  };

  for (const handle of ['start', 'end'] as const) {
    handles[handle].addEventListener('keydown', (event) => {
      const value = sliderKeyValue(event.key, event.shiftKey, handle, section, durationMs);
      if (value === undefined) return;
      // The page would scroll on arrows and PageUp.
      event.preventDefault();
      move(handle, value);
    });
  }

  /** The time under the pointer, in tenths of a second. */
  const timeAt = (clientX: number) => {
    const bar = element.getBoundingClientRect();
    const fraction = bar.width > 0 ? (clientX - bar.left) / bar.width : 0;
    return Math.round((fraction * durationMs) / DRAG_STEP_MS) * DRAG_STEP_MS;
  };
  // A press on a handle drags it; a press on the bar brings the nearer handle there, then drags it.
  element.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    const pressed = (event.target as HTMLElement).closest<HTMLElement>('[data-handle]');
    const handle = (pressed?.dataset.handle as Handle | undefined) ?? nearerHandle(timeAt(event.clientX), section);
    event.preventDefault();
    handles[handle].focus();
    if (!pressed) move(handle, timeAt(event.clientX));
    element.setPointerCapture(event.pointerId);
    const onPointerMove = (moved: PointerEvent) => move(handle, timeAt(moved.clientX));
    const stop = () => {
      element.removeEventListener('pointermove', onPointerMove);
      element.removeEventListener('pointerup', stop);
      element.removeEventListener('pointercancel', stop);
    };
    element.addEventListener('pointermove', onPointerMove);
    element.addEventListener('pointerup', stop);
    element.addEventListener('pointercancel', stop);
  });

  show(section);
  return { element, show, showPlayhead: (ms) => (playhead.style.left = percent(Math.min(ms, durationMs))) };
}

function handleElement(handle: Handle, label: string, describedBy: string): HTMLElement {
  return h('div', {
    class: 'timeline-handle',
    role: 'slider',
    tabindex: '0',
    'data-handle': handle,
    'aria-label': label,
    'aria-describedby': describedBy,
    'aria-orientation': 'horizontal',
  });
}
