import { describe, expect, it } from 'vitest';
import { Matrix, SeededRandom } from '../src/index';
import { SparseMatrix } from '../src/internal';
import { KERNEL_SETS } from './kernel-sets';
import { errorBound, randomValues, referenceProduct } from './support/reference';

/** [m, n, k]: rows with 0 to n wanted entries, k with and without a remainder of 4, and a 1024-wide layer's shape. */
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [5, 3, 7],
  [9, 6, 4],
  [33, 17, 35],
  [64, 64, 1024],
  [256, 32, 130],
];

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('sampledGemm (%s)', (_, set) => {
  it.each(SHAPES)('is a·b at the wanted entries and 0 elsewhere (%i×%i, k = %i)', (m, n, k) => {
    for (const [seed, wanted] of [
      [1, 0.3],
      [2, 0.9],
      [3, 0],
    ] as const) {
      const rng = new SeededRandom(seed);
      const a = randomValues(rng, m * k, 0);
      const b = randomValues(rng, k * n, 0);
      const at = SparseMatrix.fromDense(Matrix.fromArray(m, n, randomValues(rng, m * n, 1 - wanted))).byRow;
      const out = Float32Array.from(randomValues(rng, m * n, 0)); // stale values: every element must be written
      set.sampledGemm(m, n, k, a, b, at, out);
      const { product, magnitude } = referenceProduct('gemm', m, n, k, a, b);
      const isWanted = new Uint8Array(m * n);
      for (let i = 0; i < m; i++)
        for (let e = at.offsets[i]!; e < at.offsets[i + 1]!; e++) isWanted[i * n + at.indices[e]!] = 1;
      for (let i = 0; i < m * n; i++) {
        if (!isWanted[i]) expect(out[i], `element ${i} is not wanted`).toBe(0);
        else expect(Math.abs(out[i]! - product[i]!)).toBeLessThanOrEqual(errorBound(k, magnitude[i]!, 0));
      }
    }
  });
});
