/**
 * For the tests of joined and cut WebM files: index each part's slices as the background
 * would, compose the file from the pieces writeWebmParts gives (a Blob of new bytes and
 * parts of the stored slices, as finishing composes it), and write it for ffprobe & co.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FilePiece, PiecedFile, SectionRange } from '../../../src/shared/file-pieces';
import { writeWebmParts, type WebmPartInput } from '../../../src/shared/webm-index';
import { indexSlices, scratch } from './webm-index-files';

export function partInput(slices: readonly Uint8Array[], endAtMs?: number): WebmPartInput {
  return {
    sliceIndexes: indexSlices(slices).indexes,
    sliceSizes: slices.map((slice) => slice.length),
    ...(endAtMs === undefined ? {} : { endAtMs }),
  };
}

export function composePieces(pieces: readonly FilePiece[], parts: readonly (readonly Uint8Array<ArrayBuffer>[])[]) {
  const stored = parts.map((slices) => slices.map((slice) => new Blob([slice])));
  return new Blob(
    pieces.map((piece) =>
      piece instanceof Uint8Array ? piece : stored[piece.part]![piece.slice]!.slice(piece.start, piece.end),
    ),
  );
}

/** Writes the file of `parts` (each its slices), joined and maybe cut; throws on a refusal. */
export async function writePartsFile(
  parts: readonly (readonly Uint8Array<ArrayBuffer>[])[],
  name: string,
  options: { section?: SectionRange; endAtMs?: (number | undefined)[] } = {},
): Promise<{ file: string; result: PiecedFile }> {
  const inputs = parts.map((slices, i) => partInput(slices, options.endAtMs?.[i]));
  const result = writeWebmParts(inputs, options.section ? { section: options.section } : {});
  if ('refusal' in result) throw new Error(`refused: ${result.refusal}`);
  const file = path.join(scratch, `${name}.webm`);
  writeFileSync(file, new Uint8Array(await composePieces(result.pieces, parts).arrayBuffer()));
  return { file, result };
}
