import { afterEach, describe, expect, it } from 'vitest';
import { Matrix } from '../src/index';
import { type KernelSet, kernels, useKernels } from '../src/internal';
import { KERNEL_SETS } from './kernel-sets';
import { errorBound, referenceProduct } from './support/reference';

/** The naive product of two matrices as a Matrix, with the largest error float32 may add to it. */
function expectProduct(got: Matrix, form: Parameters<typeof referenceProduct>[0], a: Matrix, b: Matrix) {
  const [m, k] = form === 'gemmTransposeA' ? [a.cols, a.rows] : [a.rows, a.cols];
  const n = form === 'gemmTransposeB' ? b.rows : b.cols;
  expect([got.rows, got.cols]).toEqual([m, n]);
  const { product, magnitude } = referenceProduct(form, m, n, k, a.data, b.data);
  got.data.forEach((value, i) => {
    expect(Math.abs(value - product[i]!)).toBeLessThanOrEqual(errorBound(k, magnitude[i]!, 0));
  });
}

const original = kernels();
afterEach(() => {
  useKernels(original);
});

describe.each(KERNEL_SETS.map((set): [string, KernelSet] => [set.name, set]))('products on %s kernels', (_, set) => {
  it('mul and its three Into forms agree with the naive product', () => {
    useKernels(set);
    const a = Matrix.random(33, 17, { seed: 1 });
    const b = Matrix.random(17, 9, { seed: 2 });
    expectProduct(a.mul(b), 'gemm', a, b);
    expectProduct(Matrix.mulInto(Matrix.zeros(33, 9), a, b), 'gemm', a, b);

    const at = Matrix.random(17, 33, { seed: 3 });
    expectProduct(Matrix.mulTransposeAInto(Matrix.zeros(33, 9), at, b), 'gemmTransposeA', at, b);

    const bt = Matrix.random(9, 17, { seed: 4 });
    expectProduct(Matrix.mulTransposeBInto(Matrix.zeros(33, 9), a, bt), 'gemmTransposeB', a, bt);
  });

  it('the transposed forms equal mul of an explicit transpose', () => {
    useKernels(set);
    const x = Matrix.random(7, 5, { seed: 5 });
    const y = Matrix.random(7, 3, { seed: 6 });
    const z = Matrix.random(3, 5, { seed: 7 });
    expect(Matrix.mulTransposeAInto(Matrix.zeros(5, 3), x, y).equals(x.transpose().mul(y), 1e-5)).toBe(true);
    expect(Matrix.mulTransposeBInto(Matrix.zeros(7, 3), x, z).equals(x.mul(z.transpose()), 1e-5)).toBe(true);
  });

  it('accumulate adds the product into out instead of replacing it', () => {
    useKernels(set);
    const a = Matrix.random(6, 4, { seed: 8 });
    const b = Matrix.random(4, 5, { seed: 9 });
    const out = Matrix.random(6, 5, { seed: 10 });
    const expected = out.add(a.mul(b));
    expect(Matrix.mulInto(out, a, b, true)).toBe(out);
    expect(out.equals(expected, 1e-5)).toBe(true);

    const grad = Matrix.random(4, 5, { seed: 11 });
    const gradExpected = grad.add(a.transpose().mul(Matrix.random(6, 5, { seed: 12 })));
    Matrix.mulTransposeAInto(grad, a, Matrix.random(6, 5, { seed: 12 }), true);
    expect(grad.equals(gradExpected, 1e-5)).toBe(true);

    const c = Matrix.random(7, 4, { seed: 13 });
    const outB = Matrix.random(6, 7, { seed: 14 });
    const outBExpected = outB.add(a.mul(c.transpose()));
    Matrix.mulTransposeBInto(outB, a, c, true);
    expect(outB.equals(outBExpected, 1e-5)).toBe(true);
  });
});

describe('mul', () => {
  it('multiplies by the identity to the same matrix', () => {
    const m = Matrix.random(4, 6, { seed: 1 });
    expect(m.mul(Matrix.identity(6)).equals(m)).toBe(true);
    expect(Matrix.identity(4).mul(m).equals(m)).toBe(true);
  });

  it('handles a zero inner dimension as a sum of nothing', () => {
    expect(Array.from(Matrix.zeros(2, 0).mul(Matrix.zeros(0, 3)).data)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('the Into forms', () => {
  it('return out itself and overwrite stale values', () => {
    const out = Matrix.zeros(2, 2).fill(42);
    const result = Matrix.mulInto(
      out,
      Matrix.identity(2),
      Matrix.from2D([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(result).toBe(out);
    expect(Array.from(out.data)).toEqual([1, 2, 3, 4]);
  });

  it('refuse an out that shares memory with an operand', () => {
    const square = Matrix.random(3, 3, { seed: 1 });
    expect(() => Matrix.mulInto(square, square, Matrix.identity(3))).toThrow(
      'mulInto: out shares memory with the left operand; pass a separate output matrix',
    );
    expect(() => Matrix.mulTransposeAInto(square, Matrix.identity(3), square)).toThrow(
      'mulTransposeAInto: out shares memory with the right operand',
    );
    // Views of one buffer that overlap count too; disjoint views of it are fine.
    const storage = new Float32Array(12);
    const left = new Matrix(2, 2, storage.subarray(0, 4));
    const overlapping = new Matrix(2, 2, storage.subarray(2, 6));
    const disjoint = new Matrix(2, 2, storage.subarray(8, 12));
    expect(() => Matrix.mulTransposeBInto(overlapping, left, Matrix.identity(2))).toThrow(RangeError);
    expect(() => Matrix.mulTransposeBInto(disjoint, left, Matrix.identity(2))).not.toThrow();
  });
});
