import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/index';
import type { KernelSet } from '../src/internal';
import { KERNEL_SETS } from './kernel-sets';
import { errorBound, type GemmForm, randomValues, referenceProduct } from './support/reference';

const FORMS: GemmForm[] = ['gemm', 'gemmTransposeA', 'gemmTransposeB'];

/**
 * Every m, n, k from {1, 7, 33}, plus the sizes of the network's first layer (784 pixels, batch 128), and an m
 * past one of gemmTransposeA's 128-row panels by a ragged 3.
 */
const SMALL = [1, 7, 33];
const FIXED_SHAPES: [m: number, n: number, k: number][] = [
  ...SMALL.flatMap((m) => SMALL.flatMap((n) => SMALL.map((k) => [m, n, k] as [number, number, number]))),
  [784, 1, 7],
  [1, 784, 33],
  [784, 7, 33],
  [7, 33, 784],
  [128, 128, 784],
  [10, 128, 64],
  [131, 6, 9],
];

/** Runs one kernel on operands that sit at an offset inside larger buffers, as views into shared storage do. */
function runKernel(
  set: KernelSet,
  form: GemmForm,
  shape: { m: number; n: number; k: number },
  seed: number,
  options: { accumulate: boolean; zeros: number },
): { got: Float32Array; expected: Float64Array; bound: Float64Array } {
  const { m, n, k } = shape;
  const rng = new SeededRandom(seed);
  const storage = randomValues(rng, 3 + m * k + 5 + k * n + 2 + m * n, options.zeros);
  const a = storage.subarray(3, 3 + m * k);
  const b = storage.subarray(3 + m * k + 5, 3 + m * k + 5 + k * n);
  const out = storage.subarray(storage.length - m * n);
  const previous = Float32Array.from(out);
  set[form](m, n, k, a, b, out, options.accumulate);

  const { product, magnitude } = referenceProduct(form, m, n, k, Float32Array.from(a), Float32Array.from(b));
  const expected = product.map((value, i) => (options.accumulate ? value + previous[i]! : value));
  const bound = magnitude.map((value, i) => errorBound(k, value, options.accumulate ? previous[i]! : 0));
  return { got: Float32Array.from(out), expected, bound };
}

/** The index of the first output outside its error bound, or -1. */
function firstMismatch(result: ReturnType<typeof runKernel>): number {
  return result.got.findIndex((value, i) => !(Math.abs(value - result.expected[i]!) <= result.bound[i]!));
}

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('kernel set %s', (_name, set) => {
  describe.each(FORMS)('%s', (form) => {
    for (const accumulate of [false, true]) {
      it(`matches the naive product on fixed shapes (accumulate: ${accumulate})`, () => {
        FIXED_SHAPES.forEach(([m, n, k], index) => {
          const result = runKernel(set, form, { m, n, k }, 1000 + index, { accumulate, zeros: 0.3 });
          const at = firstMismatch(result);
          expect(at, `${m}×${n}×${k}: out[${at}] = ${result.got[at]}, expected ${result.expected[at]}`).toBe(-1);
        });
      });
    }

    it('matches the naive product on random shapes and sparsity (property)', () => {
      fc.assert(
        fc.property(
          fc.record({
            m: fc.integer({ min: 1, max: 40 }),
            n: fc.integer({ min: 1, max: 40 }),
            k: fc.integer({ min: 1, max: 40 }),
            seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
            zeros: fc.constantFrom(0, 0.5, 0.8, 1),
            accumulate: fc.boolean(),
          }),
          ({ m, n, k, seed, zeros, accumulate }) => {
            const result = runKernel(set, form, { m, n, k }, seed, { accumulate, zeros });
            expect(firstMismatch(result)).toBe(-1);
          },
        ),
        { numRuns: 60, seed: 20261125 },
      );
    });

    it('overwrites stale output unless accumulating, and adds into it when accumulating', () => {
      // All-ones operands: every output of the product is exactly k.
      const [m, n, k] = [5, 6, 7];
      const a = new Float32Array(m * k).fill(1);
      const b = new Float32Array(k * n).fill(1);
      const out = new Float32Array(m * n).fill(100);
      set[form](m, n, k, a, b, out, false);
      expect(Array.from(out)).toEqual(new Array(m * n).fill(k));
      set[form](m, n, k, a, b, out, true);
      expect(Array.from(out)).toEqual(new Array(m * n).fill(2 * k));
    });

    it('gives exact zeros for an all-zero operand, overwriting what out held', () => {
      const [m, n, k] = [9, 4, 13];
      const a = new Float32Array(m * k);
      const b = new Float32Array(k * n).fill(3);
      const out = new Float32Array(m * n).fill(Number.NaN);
      set[form](m, n, k, a, b, out, false);
      expect(Array.from(out)).toEqual(new Array(m * n).fill(0));
    });
  });
});
