import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
// The built file, not the sources: the bundler is what renamed the class (CI builds before it tests).
import { Matrix } from '../dist/index.js';

describe('the built package', () => {
  it('keeps the class name Matrix, which console.log and stack traces show', () => {
    expect(Matrix.name).toBe('Matrix');
    expect(inspect(Matrix.from2D([[1, 2]]))).toBe('Matrix 1×2\n  [1 2]');
  });
});
