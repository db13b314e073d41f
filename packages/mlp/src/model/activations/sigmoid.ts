import type { Activation } from './activation';

/** σ(z) = 1 / (1 + e^−z); σ'(z) = a(1 − a), the seed's `sigmoid_d` applied to a. */
export const sigmoid: Activation = {
  name: 'sigmoid',
  forward(z, a, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]!));
  },
  backward(_z, a, da, dz, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const ai = a[i]!;
      dz[i] = ai * (1 - ai) * da[i]!;
    }
  },
};
