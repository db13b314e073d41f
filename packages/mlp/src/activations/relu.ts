import type { Activation } from './activation';

/** relu(z) = max(0, z); its derivative is 1 where z > 0, else 0. */
export const relu: Activation = {
  name: 'relu',
  forward(z, a, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) a[i] = Math.max(z[i]!, 0);
  },
  backward(z, _a, da, dz, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) dz[i] = z[i]! > 0 ? da[i]! : 0;
  },
};
