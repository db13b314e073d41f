import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatShape, Matrix } from '../src/index';

describe('toString', () => {
  it('prints the shape, then each column lined up on its decimal point', () => {
    const m = Matrix.from2D([
      [1, -2.5, 3],
      [10, 0.125, -40],
    ]);
    expect(m.toString()).toBe(['Matrix 2×3', '  [ 1 -2.5     3]', '  [10  0.125 -40]'].join('\n'));
  });

  it('shows four significant digits of float32 values', () => {
    expect(Matrix.from2D([[0.1, 1 / 3]]).toString()).toBe('Matrix 1×2\n  [0.1 0.3333]');
  });

  it('shows the corners of a large matrix with … for the gap', () => {
    const m = Matrix.zeros(10, 12).mapInPlace((_, i, j) => i * 100 + j);
    const lines = m.toString().split('\n');
    expect(lines[0]).toBe('Matrix 10×12');
    expect(lines).toHaveLength(1 + 9);
    expect(lines[1]).toBe('  [  0   1   2   3 …   8   9  10  11]');
    expect(lines[5]).toBe('  [  …   …   …   … …   …   …   …   …]');
    expect(lines[9]).toBe('  [900 901 902 903 … 908 909 910 911]');
  });

  it('prints an empty matrix as its shape', () => {
    expect(Matrix.zeros(0, 3).toString()).toBe('Matrix 0×3');
  });

  it('shows the text in console.log and util.inspect, through the registered symbol Node looks up', () => {
    const m = Matrix.from2D([[1, 2]]);
    expect(inspect(m)).toBe(m.toString());
    expect(inspect({ weights: m })).toContain('Matrix 1×2');
  });

  it('writes its shape and values in JSON', () => {
    const m = Matrix.from2D([
      [1, 2],
      [3, 0.5],
    ]);
    expect(JSON.parse(JSON.stringify({ m }))).toEqual({ m: { rows: 2, cols: 2, data: [1, 2, 3, 0.5] } });
  });

  it('formatShape writes rows×cols', () => {
    expect(formatShape(128, 784)).toBe('128×784');
  });
});
