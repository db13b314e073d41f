import { describe, expectTypeOf, it } from 'vitest';
import { Matrix } from '../src/index';

describe('compile-time shapes', () => {
  it('infers literal dimensions from literal arguments', () => {
    expectTypeOf(Matrix.zeros(128, 784)).toEqualTypeOf<Matrix<128, 784>>();
    expectTypeOf(Matrix.identity(3)).toEqualTypeOf<Matrix<3, 3>>();
    expectTypeOf(Matrix.random(2, 5, { seed: 1 })).toEqualTypeOf<Matrix<2, 5>>();
    expectTypeOf(
      Matrix.from2D([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toEqualTypeOf<Matrix<2, 3>>();
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

describe('compile-time shapes of every operation', () => {
  it('keeps the shape through element-wise and in-place operations', () => {
    const a = Matrix.fromArray(2, 3, [1, 2, 3, 4, 5, 6]);
    expectTypeOf(a).toEqualTypeOf<Matrix<2, 3>>();
    expectTypeOf(Matrix.randomNormal(4, 5, { seed: 1 })).toEqualTypeOf<Matrix<4, 5>>();
    expectTypeOf(a.sub(a)).toEqualTypeOf<Matrix<2, 3>>();
    expectTypeOf(a.scale(2)).toEqualTypeOf<Matrix<2, 3>>();
    expectTypeOf(a.map((v) => v * 2)).toEqualTypeOf<Matrix<2, 3>>();
    expectTypeOf(a.clone()).toEqualTypeOf<Matrix<2, 3>>();
    expectTypeOf(a.addInPlace(a)).toEqualTypeOf<Matrix<2, 3>>();
    expectTypeOf(a.addScaledInPlace(a, -0.1)).toEqualTypeOf<Matrix<2, 3>>();
    expectTypeOf(a.argmaxColumns()).toEqualTypeOf<Int32Array>();
    // @ts-expect-error shapes differ
    a.sub(Matrix.zeros(3, 3));
    // @ts-expect-error shapes differ
    a.subInPlace(Matrix.zeros(2, 2));
    // @ts-expect-error shapes differ
    a.copyFrom(Matrix.zeros(3, 2));
    // @ts-expect-error the bias must be 2×1, not a row
    a.addColumnInPlace(Matrix.zeros(1, 2));
  });

  it('types a whole forward pass of the network', () => {
    const x = Matrix.zeros(784, 32);
    const w1 = Matrix.random(128, 784);
    const b1 = Matrix.zeros(128, 1);
    const w2 = Matrix.random(10, 128);
    const b2 = Matrix.zeros(10, 1);
    const scores = w2.mul(w1.mul(x).addColumn(b1)).addColumn(b2);
    expectTypeOf(scores).toEqualTypeOf<Matrix<10, 32>>();
    // @ts-expect-error the layers are in the wrong order
    w1.mul(w2.mul(x));
  });

  it('checks the inner dimension and out of every allocation-free product', () => {
    const dz = Matrix.zeros(10, 32);
    const a = Matrix.zeros(128, 32);
    const w = Matrix.zeros(10, 128);
    expectTypeOf(Matrix.mulInto(Matrix.zeros(10, 32), w, a)).toEqualTypeOf<Matrix<10, 32>>();
    expectTypeOf(Matrix.mulTransposeAInto(Matrix.zeros(128, 32), w, dz)).toEqualTypeOf<Matrix<128, 32>>();
    expectTypeOf(Matrix.mulTransposeBInto(Matrix.zeros(10, 128), dz, a)).toEqualTypeOf<Matrix<10, 128>>();
    // @ts-expect-error inner dimensions 128 and 10 differ
    Matrix.mulInto(Matrix.zeros(10, 32), w, dz);
    // @ts-expect-error out must be 10×32
    Matrix.mulInto(Matrix.zeros(32, 10), w, a);
    // @ts-expect-error wᵀ is 128×10, and dz has 10 rows: out must be 128×32, not 10×32
    Matrix.mulTransposeAInto(Matrix.zeros(10, 32), w, dz);
    // @ts-expect-error aᵀ would need 32 rows in w
    Matrix.mulTransposeAInto(Matrix.zeros(32, 32), a, w);
    // @ts-expect-error dz and w disagree on their inner dimension (32 and 128)
    Matrix.mulTransposeBInto(Matrix.zeros(10, 10), dz, w);
  });

  it('gives Matrix<number, number> for run-time sizes and accepts them among themselves', () => {
    const rows: number = 3;
    const cols: number = 4;
    const m = Matrix.random(rows, cols);
    expectTypeOf(m.mul(m.transpose())).toEqualTypeOf<Matrix<number, number>>();
    expectTypeOf(Matrix.from2D([[1, 2], [3]] as number[][])).toEqualTypeOf<Matrix<number, number>>();
    expectTypeOf(m.withShape(3, 4).sumColumns()).toEqualTypeOf<Matrix<3, 1>>();
  });
});
