import { kernels } from '@nn/linalg/internal';
import type { Activation } from './activation';

/**
 * relu(z) = max(0, z); its derivative is 1 where z > 0, else 0. Both passes are SIMD kernels: the same loops in
 * TypeScript were a sizeable share of an epoch (docs/benchmarks.md).
 */
export const relu: Activation = {
  name: 'relu',
  forward(z, a, rows, cols) {
    kernels().reluForward(rows * cols, z, a);
  },
  backward(z, _a, da, dz, rows, cols) {
    kernels().reluBackward(rows * cols, z, da, dz);
  },
};
