import { describe, expect, it } from 'vitest';
import { Matrix, SeededRandom } from '../src/index';
import { type SparseLines, SparseMatrix } from '../src/internal';
import { WASM_COPYING_KERNELS, WASM_KERNELS } from './kernel-sets';
import { randomValues } from './support/reference';

/**
 * One output of a sparse product summed as the wasm kernels promise to: float32 products added one entry after
 * another in the line's order, from 0, and then added to the previous value when accumulating. Any other order
 * (pairs of entries summed first, a line split in two) rounds differently somewhere in these shapes.
 */
function entryOrderSum(
  x: SparseLines,
  line: number,
  dense: Float32Array,
  stride: number,
  column: number,
  previous: number | undefined,
): number {
  let sum = 0;
  for (let e = x.offsets[line]!; e < x.offsets[line + 1]!; e++) {
    sum = Math.fround(sum + Math.fround(x.values[e]! * dense[x.indices[e]! * stride + column]!));
  }
  return previous === undefined ? sum : Math.fround(previous + sum);
}

/**
 * [dense width, sparse lines, the other dimension]: 16-float chunks, 4-float and 1-float tails, forward products with
 * enough entries to copy the dense rows' chunks together first or too few, a width the forward writes by columns.
 */
const SHAPES: [number, number, number][] = [
  [128, 64, 784],
  [1024, 16, 100],
  [64, 33, 100],
  [37, 9, 50],
  [256, 5, 40],
  [20, 17, 3],
];

describe.each([WASM_KERNELS, WASM_COPYING_KERNELS].map((set) => [set.name, set] as const))(
  'the sparse kernels of %s sum each output in entry order',
  (_name, set) => {
    for (const accumulate of [false, true]) {
      it(`bit for bit, forward and weight gradient (accumulate: ${accumulate})`, () => {
        SHAPES.forEach(([width, lines, other], i) => {
          const rng = new SeededRandom(300 + i);
          // Forward: out (width × lines) = aᵀ·x, a dense other×width, x sparse other×lines (one line per column).
          const a = randomValues(rng, other * width, 0);
          const xA = SparseMatrix.fromDense(Matrix.fromArray(other, lines, randomValues(rng, other * lines, 0.7)));
          const outA = randomValues(rng, width * lines, 0);
          const beforeA = Float32Array.from(outA);
          set.sparseGemmTransposeA(width, lines, other, a, xA.byColumn, outA, accumulate);
          for (let s = 0; s < lines; s++) {
            for (let j = 0; j < width; j++) {
              const previous = accumulate ? beforeA[j * lines + s]! : undefined;
              const expected = entryOrderSum(xA.byColumn, s, a, width, j, previous);
              if (outA[j * lines + s] !== expected) {
                expect(outA[j * lines + s], `forward ${width}×${lines}×${other} at ${j}, ${s}`).toBe(expected);
              }
            }
          }
          // Gradient: out (lines × width) = x·bᵀ, x sparse lines×other (one line per row), b dense width×other.
          const b = randomValues(rng, width * other, 0);
          const bT = Matrix.fromArray(width, other, b).transpose().data;
          const xB = SparseMatrix.fromDense(Matrix.fromArray(lines, other, randomValues(rng, lines * other, 0.7)));
          const outB = randomValues(rng, lines * width, 0);
          const beforeB = Float32Array.from(outB);
          set.sparseGemmTransposeB(lines, width, other, xB.byRow, b, outB, accumulate);
          for (let p = 0; p < lines; p++) {
            for (let j = 0; j < width; j++) {
              const previous = accumulate ? beforeB[p * width + j]! : undefined;
              const expected = entryOrderSum(xB.byRow, p, bT, width, j, previous);
              if (outB[p * width + j] !== expected) {
                expect(outB[p * width + j], `gradient ${lines}×${width}×${other} at ${p}, ${j}`).toBe(expected);
              }
            }
          }
        });
      });
    }
  },
);
