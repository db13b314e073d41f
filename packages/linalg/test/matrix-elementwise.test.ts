import { describe, expect, it } from 'vitest';
import { argmax, Matrix } from '../src/index';

const a = () =>
  Matrix.from2D([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const b = () =>
  Matrix.from2D([
    [6, 5, 4],
    [3, 2, 1],
  ]);
const values = (m: Matrix) => Array.from(m.data);

describe('element-wise operations return new matrices', () => {
  it('add, sub and hadamard combine matching entries and leave both operands alone', () => {
    const left = a();
    const right = b();
    expect(values(left.add(right))).toEqual([7, 7, 7, 7, 7, 7]);
    expect(values(left.sub(right))).toEqual([-5, -3, -1, 1, 3, 5]);
    expect(values(left.hadamard(right))).toEqual([6, 10, 12, 12, 10, 6]);
    expect(values(left)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(values(right)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('scale multiplies every entry', () => {
    expect(values(a().scale(-2))).toEqual([-2, -4, -6, -8, -10, -12]);
  });

  it('map passes the value and its row and column', () => {
    const m = a().map((v, i, j) => v * 100 + i * 10 + j);
    expect(values(m)).toEqual([100, 201, 302, 410, 511, 612]);
  });

  it('addColumn adds the bias of each row to every column', () => {
    const bias = Matrix.from2D([[10], [20]]);
    expect(values(a().addColumn(bias))).toEqual([11, 12, 13, 24, 25, 26]);
  });

  it('sumColumns sums each row into a column', () => {
    const sums = a().sumColumns();
    expect([sums.rows, sums.cols]).toEqual([2, 1]);
    expect(values(sums)).toEqual([6, 15]);
  });

  it('argmaxColumns picks the row of the largest value in each column, the first on ties', () => {
    const scores = Matrix.from2D([
      [0.1, 0.9, 0.5, -3],
      [0.7, 0.05, 0.5, -2],
      [0.2, 0.05, 0.1, -1],
    ]);
    expect(Array.from(scores.argmaxColumns())).toEqual([1, 0, 0, 2]);
    expect(scores.argmaxColumns()).toBeInstanceOf(Int32Array);
  });

  it('argmax finds the largest of a list, or of every stride-th value from start (a column), the first on ties', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(argmax(new Float32Array([3, 5, 5, 1]))).toBe(1);
    expect(argmax([-3, -2, -1])).toBe(2);
    // Column 3 of a 3×4 matrix is data[3], data[7], data[11].
    const data = new Float32Array([0.1, 0.9, 0.5, -3, 0.7, 0.05, 0.5, -2, 0.2, 0.05, 0.1, -1]);
    expect(argmax(data, 3, 3, 4)).toBe(2);
    expect(argmax(data, 4, 4)).toBe(0);
    expect(argmax([Number.NaN, 1], 1)).toBe(0);
    expect(argmax([1, Number.NaN, 2])).toBe(2);
  });

  it('transpose swaps rows and columns', () => {
    const t = a().transpose();
    expect([t.rows, t.cols]).toEqual([3, 2]);
    expect(values(t)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

describe('in-place operations change and return the receiver', () => {
  it('addInPlace, subInPlace, hadamardInPlace', () => {
    const m = a();
    expect(m.addInPlace(b())).toBe(m);
    expect(values(m)).toEqual([7, 7, 7, 7, 7, 7]);
    expect(values(m.subInPlace(b()))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(values(m.hadamardInPlace(b()))).toEqual([6, 10, 12, 12, 10, 6]);
  });

  it('addScaledInPlace is this += k · rhs (the gradient step)', () => {
    const weights = a();
    expect(values(weights.addScaledInPlace(b(), -0.5))).toEqual([-2, -0.5, 1, 2.5, 4, 5.5]);
  });

  it('scaleInPlace, mapInPlace, fill', () => {
    const m = a();
    expect(values(m.scaleInPlace(2))).toEqual([2, 4, 6, 8, 10, 12]);
    expect(values(m.mapInPlace((v, i, j) => v + i - j))).toEqual([2, 3, 4, 9, 10, 11]);
    expect(m.fill(0.5)).toBe(m);
    expect(values(m)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('addColumnInPlace and copyFrom', () => {
    const m = a();
    expect(m.addColumnInPlace(Matrix.from2D([[1], [-1]]))).toBe(m);
    expect(values(m)).toEqual([2, 3, 4, 3, 4, 5]);
    expect(m.copyFrom(b())).toBe(m);
    expect(values(m)).toEqual([6, 5, 4, 3, 2, 1]);
  });
});

describe('equals', () => {
  it('compares shapes and values within a tolerance', () => {
    expect(a().equals(a())).toBe(true);
    expect(a().equals(a().map((v) => v + 1e-3))).toBe(false);
    expect(
      a().equals(
        a().map((v) => v + 1e-3),
        2e-3,
      ),
    ).toBe(true);
    expect(a().equals(a().transpose())).toBe(false);
    expect(Matrix.zeros(2, 3).equals(Matrix.zeros(3, 2))).toBe(false);
  });

  it('never calls a matrix holding NaN equal', () => {
    const m = Matrix.from2D([[Number.NaN]]);
    expect(m.equals(m.clone(), Number.POSITIVE_INFINITY)).toBe(false);
  });
});
