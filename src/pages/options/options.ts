/**
 * Settings page: format, quality, file name template with a live preview, where to save,
 * when to stop, the marker over the element being recorded, access to all sites. Every
 * change is saved at once to storage.sync and applies to the next recording.
 */

import { localizeDocument, t } from '../../platform/i18n';
import { bindAllSitesCheckbox } from './site-access';
import { startPageTestReporter } from '../test-reporter';
import { loadSettings, saveSettings } from '../../platform/settings-store';
import { renderFileName, TEMPLATE_FIELDS } from '../../shared/file-name';
import { CONTAINER_NAMES, recordableContainers } from '../../shared/recording-format';
import { normalizeSettings, QUALITY_PRESETS, type QualityPreset, type Settings } from '../../shared/settings';

const form = document.getElementById('settings') as HTMLFormElement;
const preview = document.getElementById('file-name-preview') as HTMLOutputElement;
const saved = document.getElementById('saved') as HTMLParagraphElement;
const canRecord = (type: string) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(type);
const containers = recordableContainers(canRecord);

function radio(name: string, value: string, label: string, detail: string): HTMLLabelElement {
  const element = document.createElement('label');
  const input = Object.assign(document.createElement('input'), { type: 'radio', name, value });
  const text = document.createElement('span');
  text.textContent = label;
  element.append(input, ' ', text);
  if (detail) {
    const hint = document.createElement('span');
    hint.className = 'detail';
    hint.textContent = ` — ${detail}`;
    element.append(hint);
  }
  return element;
}

const megabits = (bits: number) => (bits / 1_000_000).toLocaleString(undefined, { maximumFractionDigits: 1 });
const kilobits = (bits: number) => String(Math.round(bits / 1000));

function buildChoices(): void {
  const formats = document.getElementById('format-choices')!;
  const best = containers[0];
  formats.append(
    radio('format', 'auto', t('options_formatAuto'), best ? t('options_formatAutoDetail', CONTAINER_NAMES[best]) : ''),
  );
  // Only what this browser can record is offered.
  for (const container of containers) formats.append(radio('format', container, CONTAINER_NAMES[container], ''));

  const qualities = document.getElementById('quality-choices')!;
  for (const preset of Object.keys(QUALITY_PRESETS) as QualityPreset[]) {
    const { videoBitsPerSecond, audioBitsPerSecond } = QUALITY_PRESETS[preset];
    qualities.append(
      radio(
        'quality',
        preset,
        t(`options_quality_${preset}`),
        t('options_bitrates', [megabits(videoBitsPerSecond), kilobits(audioBitsPerSecond)]),
      ),
    );
  }
  document.getElementById('file-name-fields')!.textContent = t(
    'options_fileNameFields',
    TEMPLATE_FIELDS.map((field) => `{${field}}`).join(' '),
  );
}

function fill(settings: Settings): void {
  const elements = form.elements;
  (elements.namedItem('fileNameTemplate') as HTMLInputElement).value = settings.fileNameTemplate;
  (elements.namedItem('askWhereToSave') as HTMLInputElement).checked = settings.askWhereToSave;
  (elements.namedItem('stopWhenMediaEnds') as HTMLInputElement).checked = settings.stopWhenMediaEnds;
  (elements.namedItem('showPageIndicator') as HTMLInputElement).checked = settings.showPageIndicator;
  (elements.namedItem('maxLengthMinutes') as HTMLInputElement).value = String(settings.maxLengthMinutes);
  (elements.namedItem('keepDays') as HTMLInputElement).value = String(settings.keepDays);
  (elements.namedItem('keepGigabytes') as HTMLInputElement).value = String(settings.keepGigabytes);
  const sourceChange = form.querySelector<HTMLInputElement>(
    `input[name="sourceChange"][value="${settings.sourceChange}"]`,
  );
  if (sourceChange) sourceChange.checked = true;
  for (const name of ['format', 'quality'] as const) {
    const value =
      settings[name] === 'auto' || containers.includes(settings[name] as never) || name === 'quality'
        ? settings[name]
        : 'auto';
    const input = form.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
    if (input) input.checked = true;
  }
}

function read(): Settings {
  const data = new FormData(form);
  return normalizeSettings({
    format: data.get('format'),
    quality: data.get('quality'),
    fileNameTemplate: data.get('fileNameTemplate'),
    askWhereToSave: data.get('askWhereToSave') === 'on',
    stopWhenMediaEnds: data.get('stopWhenMediaEnds') === 'on',
    showPageIndicator: data.get('showPageIndicator') === 'on',
    sourceChange: data.get('sourceChange'),
    maxLengthMinutes: data.get('maxLengthMinutes'),
    keepDays: data.get('keepDays'),
    keepGigabytes: data.get('keepGigabytes'),
  });
}

function showPreview(settings: Settings): void {
  const extension = settings.format === 'webm' || !containers.includes('mp4') ? 'webm' : 'mp4';
  preview.value = renderFileName(
    settings.fileNameTemplate,
    {
      title: t('options_previewTitle'),
      pageUrl: 'https://www.example.com/watch',
      mediaTitle: t('options_previewMedia'),
      startedAt: new Date(),
    },
    extension,
    '',
    t('fileName_fallback'),
  );
}

async function main(): Promise<void> {
  localizeDocument(document);
  buildChoices();
  bindAllSitesCheckbox(document.getElementById('all-sites') as HTMLInputElement);
  const settings = await loadSettings();
  fill(settings);
  showPreview(settings);
  form.addEventListener('input', () => showPreview(read()));
  form.addEventListener('change', async () => {
    await saveSettings(read());
    saved.textContent = t('options_saved');
  });
  if (__TEST__) startPageTestReporter('options');
}

void main();
