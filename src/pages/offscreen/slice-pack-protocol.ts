/** The answer of the worker that packs slices (slice-pack-worker.ts) to its request (a PackRequest). */

import type { PackedGroup } from '../../platform/slice-packs';

export type PackReply = { ok: true; group: PackedGroup | undefined } | { ok: false; error: string };
