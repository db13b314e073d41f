import { mixKey, uniformBitsAt } from '../random';
import type { KernelSet } from './kernel-set';
import { nonZeroLines } from './non-zero-lines';
import { transposeSparseLines } from './transpose-sparse-lines';
import { stridedProduct } from './typescript-gemm';
import { typescriptSparseKernels } from './typescript-sparse';

/**
 * The reference implementation in plain TypeScript: always available, and the fallback where
 * WebAssembly SIMD is not. The products keep 4×4 blocks of the output in registers (see
 * `stridedProduct`).
 */
export const typescriptKernels: KernelSet = {
  name: 'typescript',
  ...typescriptSparseKernels,

  allocate(length) {
    return new Float32Array(length);
  },

  allocateInts(length) {
    return new Int32Array(length);
  },

  adamUpdate(n, weights, gradients, m, v, beta1, beta2, stepSize, epsilon, offset = 0) {
    for (let i = offset; i < offset + n; i++) {
      const g = gradients[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * g;
      const vi = beta2 * v[i]! + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      weights[i]! -= (stepSize * mi) / (Math.sqrt(vi) + epsilon);
    }
  },

  scaleAdd(n, alpha, x, beta, y) {
    // Float32 operands: each product and the sum rounded as WebAssembly's f32 ops round them.
    const a = Math.fround(alpha);
    const b = Math.fround(beta);
    let check = 0;
    for (let i = 0; i < n; i++) {
      const value = Math.fround(Math.fround(a * x[i]!) + Math.fround(b * y[i]!));
      y[i] = value;
      check += value - value;
    }
    return check;
  },

  reluForward(n, z, a) {
    for (let i = 0; i < n; i++) a[i] = Math.max(z[i]!, 0);
  },

  reluBackward(n, z, da, dz) {
    for (let i = 0; i < n; i++) dz[i] = z[i]! > 0 ? da[i]! : 0;
  },

  finiteCheck(n, x) {
    let check = 0;
    for (let i = 0; i < n; i++) check += x[i]! - x[i]!;
    return check;
  },

  addBias(rows, cols, x, b) {
    for (let i = 0; i < rows; i++) {
      const bias = b[i]!;
      for (let j = i * cols; j < (i + 1) * cols; j++) x[j]! += bias;
    }
  },

  sumRows(rows, cols, x, out) {
    // The WebAssembly kernel's order, each add rounded to float32, so both kernel sets give the same sums.
    const f = Math.fround;
    const whole = cols - (cols % 4);
    for (let i = 0; i < rows; i++) {
      const row = i * cols;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < whole; j += 4) {
        s0 = f(s0 + x[row + j]!);
        s1 = f(s1 + x[row + j + 1]!);
        s2 = f(s2 + x[row + j + 2]!);
        s3 = f(s3 + x[row + j + 3]!);
      }
      let sum = f(f(s0 + s1) + f(s2 + s3));
      for (let j = whole; j < cols; j++) sum = f(sum + x[row + j]!);
      out[i] = sum;
    }
  },

  dropoutMask(units, samples, keys, seed, threshold, keep, a, mask, dropped) {
    const bound = threshold >>> 0;
    const kept = Math.fround(keep);
    for (let j = 0; j < samples; j++) keys[j] = mixKey(seed >>> 0, keys[j]!);
    for (let i = 0; i < units; i++) {
      for (let j = 0; j < samples; j++) {
        const at = i * samples + j;
        const m = uniformBitsAt(keys[j]! >>> 0, i) >= bound ? kept : 0;
        mask[at] = m;
        dropped[at] = a[at]! * m;
      }
    }
  },

  transposeSparse: transposeSparseLines,

  nonZeroLines,

  transpose(rows, cols, a, out) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
    }
  },

  // The three products share one strided kernel: element (i, p) of the left operand sits at
  // a[i·aRow + p·aStep], element (p, j) of the right at b[p·bStep + j·bCol].
  gemm(m, n, k, a, b, out, accumulate) {
    stridedProduct(m, n, k, a, k, 1, b, n, 1, out, accumulate);
  },

  gemmTransposeA(m, n, k, a, b, out, accumulate) {
    // a is k×m: aᵀ's (i, p) is a's (p, i).
    stridedProduct(m, n, k, a, 1, m, b, n, 1, out, accumulate);
  },

  gemmTransposeB(m, n, k, a, b, out, accumulate) {
    // b is n×k: bᵀ's (p, j) is b's (j, p).
    stridedProduct(m, n, k, a, k, 1, b, 1, k, out, accumulate);
  },
};
