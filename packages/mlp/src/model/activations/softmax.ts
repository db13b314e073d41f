import type { Activation } from './activation';

/**
 * softmax over each column (one sample): a_i = e^(z_i − max) / Σ_j e^(z_j − max); subtracting the
 * column's max keeps e^z finite. Backward applies the column's Jacobian: dz_i = a_i (da_i − Σ_j a_j da_j).
 * Paired with cross-entropy, the loss computes dz = a − y directly instead (see losses/cross-entropy.ts).
 */
export const softmax: Activation = {
  name: 'softmax',
  forward(z, a, rows, cols) {
    for (let j = 0; j < cols; j++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < rows; i++) max = Math.max(max, z[i * cols + j]!);
      let sum = 0;
      for (let i = 0; i < rows; i++) {
        const e = Math.exp(z[i * cols + j]! - max);
        a[i * cols + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let i = 0; i < rows; i++) a[i * cols + j]! *= inv;
    }
  },
  backward(_z, a, da, dz, rows, cols) {
    for (let j = 0; j < cols; j++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += a[i * cols + j]! * da[i * cols + j]!;
      for (let i = 0; i < rows; i++) {
        const k = i * cols + j;
        dz[k] = a[k]! * (da[k]! - dot);
      }
    }
  },
};
