import { describe, expect, it } from 'vitest';
import { dim, Matrix, ShapeError } from '../src/index';

describe('dim', () => {
  it('is the number itself at run time', () => {
    const B = dim('batch', 32);
    expect(B).toBe(32);
    expect(Matrix.zeros(784, B).cols).toBe(32);
  });

  it('refuses what is not a size, naming the label', () => {
    expect(() => dim('batch', -1)).toThrow(ShapeError);
    expect(() => dim('batch', 2.5)).toThrow(/dim: batch must be a non-negative integer, got 2.5/);
    expect(() => dim('batch', Number.NaN)).toThrow(ShapeError);
  });
});
