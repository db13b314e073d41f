import type { Activation } from './activation';

/** Slope for negative inputs; 0.01 as in most libraries. */
export const LEAKY_RELU_SLOPE = 0.01;

/** leakyRelu(z) = z for z > 0, else 0.01·z; its derivative is 1 or 0.01. */
export const leakyRelu: Activation = {
  name: 'leakyRelu',
  forward(z, a, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      a[i] = zi > 0 ? zi : LEAKY_RELU_SLOPE * zi;
    }
  },
  backward(z, _a, da, dz, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) dz[i] = z[i]! > 0 ? da[i]! : LEAKY_RELU_SLOPE * da[i]!;
  },
};
