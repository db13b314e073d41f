import { describe, expect, it } from 'vitest';
import { Matrix, SeededRandom, ShapeError } from '../src/index';

describe('Matrix constructors', () => {
  it('zeros gives a row-major Float32Array of rows × cols zeros', () => {
    const m = Matrix.zeros(2, 3);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(m.data).toBeInstanceOf(Float32Array);
    expect(Array.from(m.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('allows empty matrices', () => {
    expect(Matrix.zeros(0, 4).data.length).toBe(0);
    expect(Matrix.from2D([]).rows).toBe(0);
  });

  it('fromArray copies row-major values and rounds them to float32', () => {
    const values = [1, 2, 3, 4, 5, 0.1];
    const m = Matrix.fromArray(2, 3, values);
    expect(m.get(0, 2)).toBe(3);
    expect(m.get(1, 0)).toBe(4);
    expect(m.get(1, 2)).toBe(Math.fround(0.1));
    values[0] = 99;
    expect(m.get(0, 0)).toBe(1);
  });

  it('from2D reads nested rows', () => {
    const m = Matrix.from2D([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('identity has ones on the diagonal only', () => {
    expect(Array.from(Matrix.identity(3).data)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('the constructor wraps given data without copying, after checking its length', () => {
    const data = new Float32Array([1, 2, 3, 4]);
    const m = new Matrix(2, 2, data);
    expect(m.data).toBe(data);
    expect(() => new Matrix(3, 2, data)).toThrow(ShapeError);
  });

  it('clone copies the values', () => {
    const m = Matrix.from2D([[1, 2]]);
    const copy = m.clone();
    copy.set(0, 0, 7);
    expect(m.get(0, 0)).toBe(1);
    expect(copy.get(0, 0)).toBe(7);
  });

  it('random is uniform in [min, max) and reproducible from a seed', () => {
    const m = Matrix.random(20, 30, { seed: 5, min: 2, max: 3 });
    expect(Math.min(...m.data)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...m.data)).toBeLessThan(3);
    expect(m.equals(Matrix.random(20, 30, { seed: 5, min: 2, max: 3 }))).toBe(true);
    expect(m.equals(Matrix.random(20, 30, { seed: 6, min: 2, max: 3 }))).toBe(false);
  });

  it('random defaults to [-1, 1) and spreads over the whole range', () => {
    const m = Matrix.random(50, 50);
    expect(Math.min(...m.data)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...m.data)).toBeLessThan(1);
    expect(Math.min(...m.data)).toBeLessThan(-0.99);
    expect(Math.max(...m.data)).toBeGreaterThan(0.99);
  });

  it('random draws from a shared generator when one is given', () => {
    const rng = new SeededRandom(9);
    const first = Matrix.random(2, 2, { rng });
    const second = Matrix.random(2, 2, { rng });
    expect(first.equals(second)).toBe(false);
    const again = new SeededRandom(9);
    expect(Matrix.random(2, 2, { rng: again }).equals(first)).toBe(true);
    expect(Matrix.random(2, 2, { rng: again }).equals(second)).toBe(true);
  });

  it('randomNormal has the requested mean and standard deviation', () => {
    const m = Matrix.randomNormal(100, 100, { seed: 3, mean: 2, std: 0.5 });
    const n = m.data.length;
    const mean = m.data.reduce((s, v) => s + v, 0) / n;
    const variance = m.data.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    // 10 000 samples: the standard error of the mean is 0.005, so 0.03 is six of them.
    expect(Math.abs(mean - 2)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(variance) - 0.5)).toBeLessThan(0.03);
    expect(m.equals(Matrix.randomNormal(100, 100, { seed: 3, mean: 2, std: 0.5 }))).toBe(true);
  });
});

describe('get and set', () => {
  it('address row i, column j of the row-major data', () => {
    const m = Matrix.zeros(2, 3);
    expect(m.set(1, 2, 5)).toBe(m);
    expect(m.data[1 * 3 + 2]).toBe(5);
    expect(m.get(1, 2)).toBe(5);
  });
});

describe('withShape', () => {
  it('returns the same matrix when the run-time shape matches', () => {
    const rows: number = 2;
    const m = Matrix.zeros(rows, 3);
    expect(m.withShape(2, 3)).toBe(m);
  });
});
