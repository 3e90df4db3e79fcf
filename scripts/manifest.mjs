// @ts-check
/**
 * Derives each browser's manifest from the one `manifest.json`: keys and array entries
 * prefixed `__chromium__` or `__firefox__` are kept (unprefixed) for that browser only,
 * and the version comes from package.json.
 */

export const BROWSERS = /** @type {const} */ (['chromium', 'firefox']);

/** @typedef {typeof BROWSERS[number]} Browser */

const PREFIX = /^__(chromium|firefox)__(.*)$/s;

/**
 * @param {unknown} value
 * @param {Browser} browser
 * @returns {unknown}
 */
function select(value, browser) {
  if (Array.isArray(value)) {
    return value.flatMap((entry) => {
      const match = typeof entry === 'string' ? PREFIX.exec(entry) : null;
      if (match) return match[1] === browser ? [String(match[2])] : [];
      return [select(entry, browser)];
    });
  }
  if (value && typeof value === 'object') {
    /** @type {Record<string, unknown>} */
    const result = {};
    for (const [key, entry] of Object.entries(value)) {
      const match = PREFIX.exec(key);
      if (match && match[1] !== browser) continue;
      result[match ? String(match[2]) : key] = select(entry, browser);
    }
    return result;
  }
  return value;
}

/**
 * @param {Record<string, unknown>} source the parsed manifest.json
 * @param {Browser} browser
 * @param {string} version
 * @returns {Record<string, unknown>}
 */
export function generateManifest(source, browser, version) {
  const manifest = /** @type {Record<string, unknown>} */ (select(source, browser));
  return { ...manifest, version };
}
