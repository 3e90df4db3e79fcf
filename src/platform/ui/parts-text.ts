/** How the popup and the library describe a recording joined across source changes. */

import type { PartsSummary } from '../../shared/parts';
import { t } from '../i18n';

const seconds = (ms: number) =>
  `${(ms / 1000).toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;

/** "3 sources in one file · 6.0 s, 5.5 s lost while the page switched", or nothing for one part. */
export function partsText(parts: PartsSummary | undefined): string | undefined {
  if (!parts || parts.count < 2) return undefined;
  const lost = parts.lostMs.length > 0 ? [t('parts_lost', parts.lostMs.map(seconds).join(', '))] : [];
  return [t('parts_summary', String(parts.count)), ...lost].join(' · ');
}
