import type { SparseLines } from './kernel-set';

/**
 * Fills `target` (the other compressed form, `targetLines` lines) from `source` (`sourceLines`
 * lines): a counting sort, so each target line comes out sorted by index. `target`'s arrays may be
 * longer than needed (buffers sized once for the largest batch).
 */
export function transposeSparseLines(
  source: SparseLines,
  sourceLines: number,
  target: SparseLines,
  targetLines: number,
): void {
  const { offsets: sourceOffsets, indices: sourceIndices, values: sourceValues } = source;
  const { offsets, indices, values } = target;
  offsets.fill(0, 0, targetLines + 1);
  const entries = sourceOffsets[sourceLines]!;
  for (let e = 0; e < entries; e++) offsets[sourceIndices[e]! + 1]!++;
  for (let t = 0; t < targetLines; t++) offsets[t + 1]! += offsets[t]!;
  // offsets[t] serves as line t's cursor meanwhile, ending at the next line's start: shift back.
  for (let line = 0; line < sourceLines; line++) {
    const end = sourceOffsets[line + 1]!;
    for (let e = sourceOffsets[line]!; e < end; e++) {
      const at = offsets[sourceIndices[e]!]!++;
      indices[at] = line;
      values[at] = sourceValues[e]!;
    }
  }
  for (let t = targetLines; t > 0; t--) offsets[t] = offsets[t - 1]!;
  offsets[0] = 0;
}
