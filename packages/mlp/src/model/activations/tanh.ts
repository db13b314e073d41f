import type { Activation } from './activation';

/** tanh(z); its derivative is 1 − a². */
export const tanh: Activation = {
  name: 'tanh',
  forward(z, a, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]!);
  },
  backward(_z, a, da, dz, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const ai = a[i]!;
      dz[i] = (1 - ai * ai) * da[i]!;
    }
  },
};
