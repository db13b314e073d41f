import { describe, expectTypeOf, it } from 'vitest';
import { Matrix } from '../src/index';

describe('compile-time shapes', () => {
  it('infers literal dimensions from literal arguments', () => {
    expectTypeOf(Matrix.zeros(128, 784)).toEqualTypeOf<Matrix<128, 784>>();
    expectTypeOf(Matrix.identity(3)).toEqualTypeOf<Matrix<3, 3>>();
    expectTypeOf(Matrix.random(2, 5, { seed: 1 })).toEqualTypeOf<Matrix<2, 5>>();
    expectTypeOf(Matrix.from2D([[1, 2, 3], [4, 5, 6]])).toEqualTypeOf<Matrix<2, 3>>();
  });

  it('types a product by its outer dimensions', () => {
    const w = Matrix.zeros(128, 784);
    const x = Matrix.zeros(784, 32);
    expectTypeOf(w.mul(x)).toEqualTypeOf<Matrix<128, 32>>();
    expectTypeOf(w.transpose()).toEqualTypeOf<Matrix<784, 128>>();
    expectTypeOf(w.mul(x).sumColumns()).toEqualTypeOf<Matrix<128, 1>>();
  });

  it("rejects the seed's 5×2 times 3×3", () => {
    const m1 = Matrix.zeros(5, 2);
    const m2 = Matrix.zeros(3, 3);
    // @ts-expect-error inner dimensions 2 and 3 differ
    m1.mul(m2);
  });

  it('rejects element-wise ops and bias columns of the wrong shape', () => {
    const a = Matrix.zeros(2, 3);
    // @ts-expect-error shapes differ
    a.add(Matrix.zeros(3, 2));
    // @ts-expect-error shapes differ
    a.hadamard(Matrix.zeros(2, 4));
    // @ts-expect-error the bias must be 2×1
    a.addColumn(Matrix.zeros(3, 1));
    expectTypeOf(a.addColumn(Matrix.zeros(2, 1))).toEqualTypeOf<Matrix<2, 3>>();
  });

  it('narrows run-time shapes with withShape', () => {
    const rows: number = 4;
    const dynamic = Matrix.zeros(rows, rows);
    expectTypeOf(dynamic).toEqualTypeOf<Matrix<number, number>>();
    // @ts-expect-error a run-time shape must be narrowed before it meets a literal one
    Matrix.zeros(2, 4).mul(dynamic);
    expectTypeOf(dynamic.withShape(4, 4)).toEqualTypeOf<Matrix<4, 4>>();
    expectTypeOf(Matrix.zeros(2, 4).mul(dynamic.withShape(4, 4))).toEqualTypeOf<Matrix<2, 4>>();
  });

  it('types the allocation-free products', () => {
    const out = Matrix.zeros(128, 784);
    const dz = Matrix.zeros(128, 32);
    const x = Matrix.zeros(784, 32);
    expectTypeOf(Matrix.mulTransposeBInto(out, dz, x)).toEqualTypeOf<Matrix<128, 784>>();
    // @ts-expect-error out has the wrong shape for dz · xᵀ
    Matrix.mulTransposeBInto(Matrix.zeros(784, 128), dz, x);
  });
});
