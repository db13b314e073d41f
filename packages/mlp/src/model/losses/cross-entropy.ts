import type { Loss } from './loss';

/** log(0) guard: probabilities are clamped to [1e-12, 1] inside the logarithm only. */
const EPSILON = 1e-12;

/**
 * Cross-entropy, categorical after softmax (L = −Σ_i y_i log a_i) and binary per output after sigmoid
 * (L = −Σ_i [y_i log a_i + (1 − y_i) log(1 − a_i)]), averaged over the batch. With either pairing the
 * derivative through the activation collapses to dz = (a − y) / B, computed directly: it is exact and
 * avoids dividing by a small a.
 */
export const crossEntropy: Loss = {
  name: 'crossEntropy',
  value(a, y, rows, cols, output) {
    let sum = 0;
    const n = rows * cols;
    const binary = output.name === 'sigmoid';
    for (let i = 0; i < n; i++) {
      const ai = a[i]!;
      const yi = y[i]!;
      if (yi !== 0) sum -= yi * Math.log(Math.max(ai, EPSILON));
      if (binary && yi !== 1) sum -= (1 - yi) * Math.log(Math.max(1 - ai, EPSILON));
    }
    return sum / cols;
  },
  outputDelta(_z, a, y, _da, dz, rows, cols) {
    const n = rows * cols;
    const inv = 1 / cols;
    for (let i = 0; i < n; i++) dz[i] = (a[i]! - y[i]!) * inv;
  },
};
