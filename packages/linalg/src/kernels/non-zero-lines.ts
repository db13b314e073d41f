import type { SparseLines } from './kernel-set';

/**
 * Fills `target` with the non-zeros of `a` (`lines` × `length`, row-major): line r lists row r's non-zero columns
 * and values, in column order. Every value is written and the cursor moves past non-zeros only: a branch on
 * values that are zero at random would mispredict half the time.
 */
export function nonZeroLines(lines: number, length: number, a: Float32Array, target: SparseLines): void {
  const { offsets, indices, values } = target;
  let at = 0;
  for (let line = 0, i = 0; line < lines; line++) {
    offsets[line] = at;
    for (let k = 0; k < length; k++, i++) {
      const value = a[i]!;
      indices[at] = k;
      values[at] = value;
      at += value !== 0 ? 1 : 0;
    }
  }
  offsets[lines] = at;
}
