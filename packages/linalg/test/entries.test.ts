import { describe, expect, it } from 'vitest';
import * as sourceIndex from '../src/index';
import { Matrix } from '../src/index';
import { kernels, typescriptKernels, useKernels } from '../src/internal';

// How other packages' tests resolve both entries to these sources: packages/train/test/workspace-sources.test.ts.
describe('the two entries, @nn/linalg and @nn/linalg/internal', () => {
  it('share one active kernel set: a set chosen through internal is the one Matrix products use', () => {
    const calls: string[] = [];
    const counting = {
      ...typescriptKernels,
      gemm: (...args: Parameters<typeof typescriptKernels.gemm>) => {
        calls.push('gemm');
        typescriptKernels.gemm(...args);
      },
    };
    const previous = useKernels(counting);
    try {
      expect(kernels()).toBe(counting);
      expect(Matrix.identity(2).mul(Matrix.from2D([[1], [2]])).data).toEqual(new Float32Array([1, 2]));
      expect(calls).toEqual(['gemm']);
    } finally {
      useKernels(previous);
    }
  });

  it('keep the kernel internals off the public entry, apart from the names @nn/mlp still reads there', () => {
    const publicNames = Object.keys(sourceIndex).sort();
    expect(publicNames).not.toContain('transposeSparseLines');
    expect(publicNames).not.toContain('SparseMatrix');
    expect(publicNames).not.toContain('loadWasmKernels');
  });
});
