import { describe, expect, it } from 'vitest';
import { transposeInPlace } from '../src/paths/data-parallel/transpose-in-place';

/** The transpose written out the plain way, with a second array. */
function transposed(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

describe('transposeInPlace', () => {
  it.each([
    [1, 7],
    [7, 1],
    [2, 2],
    [3, 5],
    [5, 3],
    [16, 16],
    [37, 53],
    [784, 64],
  ])('turns a %i × %i matrix into its transpose where it lies', (rows, cols) => {
    const data = Float32Array.from({ length: rows * cols }, (_, i) => i * 0.5 - 3);
    const expected = transposed(data, rows, cols);
    transposeInPlace(data, rows, cols);
    expect(data).toEqual(expected);
    // And back: the same call with the shape swapped restores the original.
    transposeInPlace(data, cols, rows);
    expect(data).toEqual(transposed(expected, cols, rows));
  });

  it('refuses an array that is not rows × cols values long', () => {
    expect(() => transposeInPlace(new Float32Array(11), 3, 4)).toThrow(/11 values are not a 3 × 4 matrix/);
  });
});
