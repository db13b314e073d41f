import { describe, expect, it } from 'vitest';
import { Matrix, ShapeError } from '../src/index';

describe('Matrix basics', () => {
  it('multiplies small matrices', () => {
    const a = Matrix.from2D([
      [1, 2],
      [3, 4],
    ]);
    const b = Matrix.from2D([
      [5, 6],
      [7, 8],
    ]);
    expect(Array.from(a.mul(b).data)).toEqual([19, 22, 43, 50]);
  });

  it("throws a ShapeError naming both shapes for the seed's 5×2 · 3×3", () => {
    const m1 = Matrix.zeros(5, 2) as Matrix;
    const m2 = Matrix.zeros(3, 3) as Matrix;
    expect(() => m1.mul(m2)).toThrow(ShapeError);
    expect(() => m1.mul(m2)).toThrow('mul: left is 5×2, right is 3×3; inner dimensions 2 and 3 differ');
  });
});
