import type { KernelSet } from './kernel-set';

/** Grown on demand and reused, so the forward pass allocates nothing per step. */
let scratchColumn = new Float32Array(0);

type SparseKernels = Pick<KernelSet, 'sparseGemmTransposeA' | 'sparseGemmTransposeB' | 'sampledGemm'>;

/** The reference sparse kernels: one pass over each line's non-zero entries, adding contiguous rows. */
export const typescriptSparseKernels: SparseKernels = {
  sparseGemmTransposeA(m, n, _k, a, x, out, accumulate) {
    // Output column s collects x(p, s) · a[p, :] over column s's entries; a scratch row keeps the
    // sum contiguous, then it is written down the column.
    if (!accumulate) out.fill(0, 0, m * n);
    const { offsets, indices, values } = x;
    if (scratchColumn.length < m) scratchColumn = new Float32Array(m);
    const column = scratchColumn;
    for (let s = 0; s < n; s++) {
      column.fill(0, 0, m);
      for (let e = offsets[s]!; e < offsets[s + 1]!; e++) {
        const v = values[e]!;
        const row = indices[e]! * m;
        for (let i = 0; i < m; i++) column[i]! += v * a[row + i]!;
      }
      for (let i = 0; i < m; i++) out[i * n + s]! += column[i]!;
    }
  },

  sampledGemm(m, n, k, a, b, at, out) {
    out.fill(0, 0, m * n);
    const { offsets, indices } = at;
    for (let i = 0; i < m; i++) {
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
        const j = indices[e]!;
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[i * k + p]! * b[p * n + j]!;
        out[i * n + j] = sum;
      }
    }
  },

  sparseGemmTransposeB(m, n, k, x, b, out, accumulate) {
    // Output row p collects x(p, s) · b[:, s] over row p's entries.
    if (!accumulate) out.fill(0, 0, m * n);
    const { offsets, indices, values } = x;
    for (let p = 0; p < m; p++) {
      const row = p * n;
      for (let e = offsets[p]!; e < offsets[p + 1]!; e++) {
        const v = values[e]!;
        const s = indices[e]!;
        for (let j = 0; j < n; j++) out[row + j]! += v * b[j * k + s]!;
      }
    }
  },
};
