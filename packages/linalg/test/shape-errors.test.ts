import { describe, expect, it } from 'vitest';
import { Matrix, ShapeError } from '../src/index';

/**
 * Every operation that checks shapes, with the exact message it gives. The matrices are typed
 * `Matrix<number, number>`, the case where only the run-time check stands between a caller and garbage.
 */
const m = (rows: number, cols: number): Matrix => Matrix.zeros(rows, cols);
/** A bias whose width the compiler takes on trust (as after a cast), so the run-time check is what remains. */
const bias = (rows: number, cols: number) => Matrix.zeros(rows, cols) as Matrix<number, 1>;

const cases: [operation: string, run: () => unknown, message: string][] = [
  ['mul', () => m(5, 2).mul(m(3, 3)), 'mul: left is 5×2, right is 3×3; inner dimensions 2 and 3 differ'],
  [
    'mulInto (inner)',
    () => Matrix.mulInto(m(5, 3), m(5, 2), m(3, 3)),
    'mulInto: left is 5×2, right is 3×3; inner dimensions 2 and 3 differ',
  ],
  ['mulInto (out)', () => Matrix.mulInto(m(3, 5), m(5, 2), m(2, 3)), 'mulInto: the product is 5×3 but out is 3×5'],
  [
    'mulTransposeAInto (inner)',
    () => Matrix.mulTransposeAInto(m(3, 2), m(5, 3), m(4, 2)),
    'mulTransposeAInto: left is 5×3 (used transposed, as 3×5), right is 4×2; inner dimensions 5 and 4 differ',
  ],
  [
    'mulTransposeAInto (out)',
    () => Matrix.mulTransposeAInto(m(2, 3), m(5, 3), m(5, 2)),
    'mulTransposeAInto: the product is 3×2 but out is 2×3',
  ],
  [
    'mulTransposeBInto (inner)',
    () => Matrix.mulTransposeBInto(m(3, 4), m(3, 2), m(4, 3)),
    'mulTransposeBInto: left is 3×2, right is 4×3 (used transposed, as 3×4); inner dimensions 2 and 3 differ',
  ],
  [
    'mulTransposeBInto (out)',
    () => Matrix.mulTransposeBInto(m(4, 3), m(3, 2), m(4, 2)),
    'mulTransposeBInto: the product is 3×4 but out is 4×3',
  ],
  ['add', () => m(2, 3).add(m(3, 2)), 'add: left is 2×3, right is 3×2; shapes must match'],
  ['sub', () => m(2, 3).sub(m(2, 4)), 'sub: left is 2×3, right is 2×4; shapes must match'],
  ['hadamard', () => m(2, 3).hadamard(m(1, 3)), 'hadamard: left is 2×3, right is 1×3; shapes must match'],
  ['addInPlace', () => m(2, 3).addInPlace(m(3, 2)), 'addInPlace: left is 2×3, right is 3×2; shapes must match'],
  ['subInPlace', () => m(2, 3).subInPlace(m(3, 2)), 'subInPlace: left is 2×3, right is 3×2; shapes must match'],
  [
    'hadamardInPlace',
    () => m(2, 3).hadamardInPlace(m(3, 2)),
    'hadamardInPlace: left is 2×3, right is 3×2; shapes must match',
  ],
  [
    'addScaledInPlace',
    () => m(2, 3).addScaledInPlace(m(3, 2), 0.1),
    'addScaledInPlace: left is 2×3, right is 3×2; shapes must match',
  ],
  ['copyFrom', () => m(2, 3).copyFrom(m(6, 1)), 'copyFrom: left is 2×3, right is 6×1; shapes must match'],
  [
    'addColumn (height)',
    () => m(2, 3).addColumn(bias(3, 1)),
    'addColumn: matrix is 2×3, bias is 3×1; expected a 2×1 column',
  ],
  [
    'addColumn (width)',
    () => m(2, 3).addColumn(bias(2, 2)),
    'addColumn: matrix is 2×3, bias is 2×2; expected a 2×1 column',
  ],
  [
    'addColumnInPlace',
    () => m(2, 3).addColumnInPlace(bias(3, 1)),
    'addColumnInPlace: matrix is 2×3, bias is 3×1; expected a 2×1 column',
  ],
  ['withShape', () => m(2, 3).withShape(3, 2), 'withShape: matrix is 2×3, expected 3×2'],
  ['get', () => m(2, 3).get(2, 0), 'get: index (2, 0) is outside a 2×3 matrix'],
  ['set', () => m(2, 3).set(0, -1, 1), 'set: index (0, -1) is outside a 2×3 matrix'],
  ['get (fraction)', () => m(2, 3).get(0.5, 0), 'get: index (0.5, 0) is outside a 2×3 matrix'],
  ['argmaxColumns', () => m(0, 3).argmaxColumns(), 'argmaxColumns: a 0×3 matrix has no rows to choose from'],
  ['fromArray', () => Matrix.fromArray(2, 3, [1, 2, 3]), 'fromArray: a 2×3 matrix needs 6 values, got 3'],
  ['from2D', () => Matrix.from2D([[1, 2], [3]] as number[][]), 'from2D: row 0 has 2 values but row 1 has 1'],
  ['constructor (data)', () => new Matrix(2, 2, new Float32Array(3)), 'Matrix: a 2×2 matrix needs 4 values, got 3'],
  ['zeros (rows)', () => Matrix.zeros(-1, 2), 'Matrix: rows must be a non-negative integer, got -1'],
  ['zeros (cols)', () => Matrix.zeros(2, 1.5), 'Matrix: cols must be a non-negative integer, got 1.5'],
];

describe('ShapeError', () => {
  it.each(cases)('%s names the shapes involved', (_operation, run, message) => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ShapeError);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as ShapeError).name).toBe('ShapeError');
    expect((thrown as ShapeError).message).toBe(message);
  });

  it('is thrown before anything is written', () => {
    const target = Matrix.from2D([[1, 2, 3]]) as Matrix;
    expect(() => target.addInPlace(m(3, 1))).toThrow(ShapeError);
    expect(() => Matrix.mulInto(target, m(1, 2), m(3, 3))).toThrow(ShapeError);
    expect(Array.from(target.data)).toEqual([1, 2, 3]);
  });
});
