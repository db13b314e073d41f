import { describe, expect, it } from 'vitest';
import { formatShape, Matrix } from '../src/index';

describe('toString', () => {
  it('prints the shape, then right-aligned rows', () => {
    const m = Matrix.from2D([
      [1, -2.5],
      [10, 0.125],
    ]);
    expect(m.toString()).toBe(['Matrix 2×2', '  [    1  -2.5]', '  [   10 0.125]'].join('\n'));
  });

  it('shows four significant digits of float32 values', () => {
    expect(Matrix.from2D([[0.1, 1 / 3]]).toString()).toBe('Matrix 1×2\n  [   0.1 0.3333]');
  });

  it('shows the corners of a large matrix with … for the gap', () => {
    const m = Matrix.zeros(10, 12).mapInPlace((_, i, j) => i * 100 + j);
    const lines = m.toString().split('\n');
    expect(lines[0]).toBe('Matrix 10×12');
    expect(lines).toHaveLength(1 + 9);
    expect(lines[1]).toBe('  [  0   1   2   3   …   8   9  10  11]');
    expect(lines[5]).toBe('  [  …   …   …   …   …   …   …   …   …]');
    expect(lines[9]).toBe('  [900 901 902 903   … 908 909 910 911]');
  });

  it('prints an empty matrix as its shape', () => {
    expect(Matrix.zeros(0, 3).toString()).toBe('Matrix 0×3');
  });

  it('formatShape writes rows×cols', () => {
    expect(formatShape(128, 784)).toBe('128×784');
  });
});
