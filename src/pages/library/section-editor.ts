/**
 * "Save a section", under a recording's player in the library (issue #18): the user sets
 * a start and an end (dragging the timeline's handles, with the keyboard on them, typing
 * times, or at the player's position), sees the section's length and the key frame the
 * file will really start at, and saves the section as a new file. The recording stays.
 * It keeps its own state across the library's renders (its slot is marked `data-keep`).
 */

import { t } from '../../platform/i18n';
import { button, h } from '../../platform/ui/dom';
import { errorMessageKey, type ErrorCode } from '../../shared/errors';
import type { SectionRange } from '../../shared/file-pieces';
import { moveHandle, snapNote, typedSection, type Handle } from '../../shared/section-edit';
import { formatSectionTime, parseSectionTime } from '../../shared/section-time';
import { sectionTimeline } from './section-timeline';

/** Asking where the section really starts reads the index: at most this often while a handle moves. */
const SNAP_DELAY_MS = 150;

export type SectionSaved = { ok: true; fileName: string } | { ok: false; error: ErrorCode };

export interface SectionEditorOptions {
  recordingId: string;
  /** The id of the recording's title: every control says which recording it cuts. */
  titleId: string;
  durationMs: number;
  decimal: string;
  /** The preview's player, once it is on the page. */
  player(): HTMLMediaElement | undefined;
  /** Where a section would really be (its start on the key frame at or before), or why it cannot be cut. */
  realSection(section: SectionRange): Promise<{ section?: SectionRange; error?: ErrorCode }>;
  save(section: SectionRange): Promise<SectionSaved>;
}

export interface SectionEditor {
  element: HTMLElement;
  /** Stops listening to the page: the preview closed. */
  close(): void;
}

export function sectionEditor(options: SectionEditorOptions): SectionEditor {
  const { recordingId: id, titleId, durationMs, decimal } = options;
  const format = (ms: number) => formatSectionTime(ms, decimal);
  let section: SectionRange = { startMs: 0, endMs: durationMs };
  let real: SectionRange | undefined;
  let snapTimer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  let saving = false;

  const field = (handle: Handle) =>
    h('input', {
      id: `section-${handle}-${id}`,
      type: 'text',
      inputmode: 'decimal',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': `section-help-${id} ${titleId}`,
      'data-key': `section-${handle}:${id}`,
    });
  const fields = { start: field('start'), end: field('end') };
  const problem = h('p', { class: 'notice', role: 'alert', hidden: true });
  const length = h('span');
  // Said once the index has answered, not at each step of a handle (the handle says its time).
  const startNote = h('span', { 'aria-live': 'polite' }, t('library_sectionSnapsBefore'));
  const summary = h('p', { class: 'section-summary' }, length, ' ', startNote);
  const status = h('p', { class: 'muted', role: 'status' });
  const timeline = sectionTimeline({
    durationMs,
    section,
    decimal,
    describedBy: titleId,
    onMove: (next, handle) => {
      setSection(next);
      seek(handle === 'start' ? next.startMs : next.endMs);
    },
  });
  const saveButton = button(t('library_saveSection'), `save-section:${id}`, () => void save(), {
    primary: true,
    describedBy: titleId,
  });

  const showProblem = (message: string | undefined) => {
    problem.hidden = !message;
    problem.textContent = message ?? '';
  };
  const seek = (ms: number) => {
    const player = options.player();
    if (player) player.currentTime = ms / 1000;
  };

  /** Where the file will start, once the index told (dimmed while it is asked again). */
  const showStart = () => {
    const note = snapNote(section.startMs, real?.startMs);
    startNote.textContent =
      note === 'earlier' && real
        ? t('library_sectionSnapped', [format(real.startMs), format(section.startMs)])
        : note === 'exact'
          ? t('library_sectionOnKeyFrame', format(section.startMs))
          : t('library_sectionSnapsBefore');
    startNote.classList.remove('pending');
  };

  const askRealSection = () => {
    clearTimeout(snapTimer);
    // A recording starts on a key frame: nothing to ask (opening a player asks nothing).
    if (section.startMs === 0) {
      asked++;
      real = section;
      return showStart();
    }
    snapTimer = setTimeout(async () => {
      const mine = ++asked;
      const answer = await options.realSection(section).catch(() => ({ section: undefined, error: undefined }));
      // A later move asked again: this answer is for a section no longer shown.
      if (mine !== asked) return;
      real = answer.section;
      if (answer.error) showProblem(t(errorMessageKey(answer.error)));
      showStart();
    }, SNAP_DELAY_MS);
  };

  function setSection(next: SectionRange): void {
    const startMoved = next.startMs !== section.startMs;
    section = next;
    real = undefined;
    for (const handle of ['start', 'end'] as const) {
      const value = handle === 'start' ? section.startMs : section.endMs;
      if (document.activeElement !== fields[handle]) fields[handle].value = format(value);
    }
    timeline.show(section);
    length.textContent = t('library_sectionLength', format(section.endMs - section.startMs));
    // Where the file starts is said again once known; a note about another start would mislead.
    if (startMoved) startNote.textContent = t('library_sectionSnapsBefore');
    startNote.classList.add('pending');
    askRealSection();
  }

  /** The typed times, once the user leaves a field or presses Enter. */
  const commitTyped = (handle: Handle) => {
    const typed = typedSection(parseSectionTime(fields.start.value), parseSectionTime(fields.end.value), durationMs);
    const wrong = typeof typed === 'string';
    fields[handle].setAttribute('aria-invalid', String(wrong));
    if (wrong)
      return showProblem(t(typed === 'unreadable' ? 'library_sectionUnreadable' : 'library_sectionOutOfOrder'));
    showProblem(undefined);
    fields[handle].value = format(handle === 'start' ? typed.startMs : typed.endMs);
    setSection(typed);
    seek(handle === 'start' ? typed.startMs : typed.endMs);
  };
  for (const handle of ['start', 'end'] as const) {
    fields[handle].addEventListener('change', () => commitTyped(handle));
  }

  const atPlayhead = (handle: Handle) => {
    const player = options.player();
    if (!player) return;
    setSection(moveHandle(handle, player.currentTime * 1000, section, durationMs));
  };

  async function save(): Promise<void> {
    if (saving) return;
    saving = true;
    saveButton.disabled = true;
    status.textContent = t('library_savingSection');
    showProblem(undefined);
    const result = await options.save(section).catch((): SectionSaved => ({ ok: false, error: 'unknown' }));
    saving = false;
    saveButton.disabled = false;
    status.textContent = result.ok ? t('library_sectionSaved', result.fileName) : '';
    if (!result.ok) showProblem(t(errorMessageKey(result.error)));
  }

  // The player's position, on the timeline.
  const onTime = (event: Event) => {
    const player = options.player();
    if (player && event.target === player) timeline.showPlayhead(player.currentTime * 1000);
  };
  document.addEventListener('timeupdate', onTime, true);
  document.addEventListener('seeked', onTime, true);

  const headingId = `section-heading-${id}`;
  const element = h(
    'section',
    { class: 'section-editor', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, t('library_sectionHeading')),
    timeline.element,
    h(
      'div',
      { class: 'section-fields' },
      h('label', { for: fields.start.id }, t('library_sectionStart')),
      fields.start,
      button(t('library_startAtPlayhead'), `start-at-playhead:${id}`, () => atPlayhead('start'), {
        describedBy: titleId,
      }),
      h('label', { for: fields.end.id }, t('library_sectionEnd')),
      fields.end,
      button(t('library_endAtPlayhead'), `end-at-playhead:${id}`, () => atPlayhead('end'), { describedBy: titleId }),
    ),
    h('p', { id: `section-help-${id}`, class: 'muted' }, t('library_sectionHelp')),
    problem,
    summary,
    h('div', { class: 'actions' }, saveButton),
    status,
  );
  setSection(section);
  return {
    element,
    close: () => {
      clearTimeout(snapTimer);
      asked++;
      document.removeEventListener('timeupdate', onTime, true);
      document.removeEventListener('seeked', onTime, true);
    },
  };
}

/** Shown instead of the editor when a recording cannot be cut, and why. */
export function cannotCut(error: ErrorCode): HTMLElement {
  return h('p', { class: 'notice section-editor' }, t(errorMessageKey(error)));
}
