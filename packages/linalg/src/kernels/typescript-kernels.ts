import type { KernelSet } from './kernel-set';
import { typescriptSparseKernels } from './typescript-sparse';

/**
 * The reference implementation in plain TypeScript: always available, and the fallback where
 * WebAssembly SIMD is not. Loops run along contiguous rows (i-p-j order) so V8 streams memory,
 * with four rows of the output per pass to reuse each loaded row of `b` four times.
 */
export const typescriptKernels: KernelSet = {
  name: 'typescript',
  ...typescriptSparseKernels,

  allocate(length) {
    return new Float32Array(length);
  },

  adamUpdate(n, weights, gradients, m, v, beta1, beta2, stepSize, epsilon) {
    for (let i = 0; i < n; i++) {
      const g = gradients[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * g;
      const vi = beta2 * v[i]! + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      weights[i]! -= (stepSize * mi) / (Math.sqrt(vi) + epsilon);
    }
  },

  transpose(rows, cols, a, out) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
    }
  },

  gemm(m, n, k, a, b, out, accumulate) {
    if (!accumulate) out.fill(0, 0, m * n);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const o0 = i * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      for (let p = 0; p < k; p++) {
        const a0 = a[i * k + p]!;
        const a1 = a[(i + 1) * k + p]!;
        const a2 = a[(i + 2) * k + p]!;
        const a3 = a[(i + 3) * k + p]!;
        if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
        const bRow = p * n;
        for (let j = 0; j < n; j++) {
          const bv = b[bRow + j]!;
          out[o0 + j]! += a0 * bv;
          out[o1 + j]! += a1 * bv;
          out[o2 + j]! += a2 * bv;
          out[o3 + j]! += a3 * bv;
        }
      }
    }
    for (; i < m; i++) {
      const o = i * n;
      for (let p = 0; p < k; p++) {
        const av = a[i * k + p]!;
        if (av === 0) continue;
        const bRow = p * n;
        for (let j = 0; j < n; j++) out[o + j]! += av * b[bRow + j]!;
      }
    }
  },

  gemmTransposeA(m, n, k, a, b, out, accumulate) {
    if (!accumulate) out.fill(0, 0, m * n);
    // a is k×m: element (p, i) of a is aᵀ's (i, p).
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const o0 = i * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      for (let p = 0; p < k; p++) {
        const aRow = p * m + i;
        const a0 = a[aRow]!;
        const a1 = a[aRow + 1]!;
        const a2 = a[aRow + 2]!;
        const a3 = a[aRow + 3]!;
        if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
        const bRow = p * n;
        for (let j = 0; j < n; j++) {
          const bv = b[bRow + j]!;
          out[o0 + j]! += a0 * bv;
          out[o1 + j]! += a1 * bv;
          out[o2 + j]! += a2 * bv;
          out[o3 + j]! += a3 * bv;
        }
      }
    }
    for (; i < m; i++) {
      const o = i * n;
      for (let p = 0; p < k; p++) {
        const av = a[p * m + i]!;
        if (av === 0) continue;
        const bRow = p * n;
        for (let j = 0; j < n; j++) out[o + j]! += av * b[bRow + j]!;
      }
    }
  },

  gemmTransposeB(m, n, k, a, b, out, accumulate) {
    // Each output is a dot product of two contiguous rows; four partial sums break the add chain.
    for (let i = 0; i < m; i++) {
      const aRow = i * k;
      for (let j = 0; j < n; j++) {
        const bRow = j * k;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let p = 0;
        for (; p + 4 <= k; p += 4) {
          s0 += a[aRow + p]! * b[bRow + p]!;
          s1 += a[aRow + p + 1]! * b[bRow + p + 1]!;
          s2 += a[aRow + p + 2]! * b[bRow + p + 2]!;
          s3 += a[aRow + p + 3]! * b[bRow + p + 3]!;
        }
        for (; p < k; p++) s0 += a[aRow + p]! * b[bRow + p]!;
        const sum = s0 + s1 + s2 + s3;
        out[i * n + j] = accumulate ? out[i * n + j]! + sum : sum;
      }
    }
  },
};
