import path from 'node:path';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_BUILD = path.resolve(import.meta.dirname, '../../../dist/firefox');
