import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateManifest } from '../../scripts/manifest.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const source = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
const prefixed = (value: unknown) =>
  JSON.stringify(value).includes('__chromium__') || JSON.stringify(value).includes('__firefox__');

describe('generateManifest', () => {
  const chromium = generateManifest(source, 'chromium', '1.2.3');
  const firefox = generateManifest(source, 'firefox', '1.2.3');

  it('gives Chromium a service worker, structured-clone messaging and the offscreen permission', () => {
    expect(chromium).toMatchSnapshot();
    expect(chromium.background).toEqual({ service_worker: 'background/index.js' });
    expect(chromium.message_serialization).toBe('structured_clone');
    expect(chromium.minimum_chrome_version).toBe('148');
    expect(chromium.permissions).toContain('offscreen');
    expect(chromium.browser_specific_settings).toBeUndefined();
  });

  it('gives Firefox an event page, a gecko id and no Chromium-only keys', () => {
    expect(firefox).toMatchSnapshot();
    expect(firefox.background).toEqual({ scripts: ['background/index.js'] });
    expect(firefox.browser_specific_settings).toMatchObject({
      gecko: {
        id: expect.any(String),
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
    });
    expect(firefox.permissions).not.toContain('offscreen');
    expect(firefox.message_serialization).toBeUndefined();
    expect((firefox.action as Record<string, unknown>).default_area).toBe('navbar');
  });

  it('asks for no host access and runs no content script by itself', () => {
    for (const manifest of [chromium, firefox]) {
      expect(manifest.host_permissions).toBeUndefined();
      expect(manifest.content_scripts).toBeUndefined();
      expect(manifest.permissions).toEqual(
        expect.arrayContaining(['activeTab', 'scripting', 'downloads', 'notifications', 'storage', 'unlimitedStorage']),
      );
      expect(manifest.version).toBe('1.2.3');
      expect(prefixed(manifest)).toBe(false);
    }
  });

  it('lets pages load only the slice-writer frame, and only in Firefox', () => {
    expect(chromium.web_accessible_resources).toBeUndefined();
    expect(firefox.web_accessible_resources).toEqual([
      { resources: ['pages/slice-writer/slice-writer.html'], matches: ['<all_urls>'] },
    ]);
  });
});
