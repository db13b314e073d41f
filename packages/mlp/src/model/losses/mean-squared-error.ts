import type { Loss } from './loss';

/**
 * The seed's loss: L = Σ_i (a_i − y_i)² per sample, averaged over the batch. Its gradient is the seed's
 * `da3 = 2·(a3 − y)` (divided by B), which then goes through the output activation: dz = f'(z) ⊙ da.
 */
export const meanSquaredError: Loss = {
  name: 'mse',
  value(a, y, rows, cols) {
    let sum = 0;
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const diff = a[i]! - y[i]!;
      sum += diff * diff;
    }
    return sum / cols;
  },
  outputDelta(z, a, y, da, dz, rows, cols, output) {
    const n = rows * cols;
    const scale = 2 / cols;
    for (let i = 0; i < n; i++) da[i] = scale * (a[i]! - y[i]!);
    output.backward(z, a, da, dz, rows, cols);
  },
};
