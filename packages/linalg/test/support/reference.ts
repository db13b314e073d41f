import type { SeededRandom } from '../../src/index';

/** Which stored layout each gemm form reads: `a` is m×k (or k×m for AᵀB), `b` is k×n (or n×k for ABᵀ). */
export type GemmForm = 'gemm' | 'gemmTransposeA' | 'gemmTransposeB';

/**
 * The naive triple loop in float64, and for each output the sum of |a|·|b| over the inner dimension,
 * which bounds the rounding error of any float32 summation order.
 */
export function referenceProduct(
  form: GemmForm,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  b: Float32Array,
): { product: Float64Array; magnitude: Float64Array } {
  const product = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const av = form === 'gemmTransposeA' ? a[p * m + i]! : a[i * k + p]!;
        const bv = form === 'gemmTransposeB' ? b[j * k + p]! : b[p * n + j]!;
        sum += av * bv;
        abs += Math.abs(av * bv);
      }
      product[i * n + j] = sum;
      magnitude[i * n + j] = abs;
    }
  }
  return { product, magnitude };
}

/**
 * Values in [-1, 1) of which a fraction `zeros` is exactly zero, like the mostly blank pixels of an
 * MNIST image: the kernels skip zero operands, so both paths get exercised.
 */
export function randomValues(rng: SeededRandom, length: number, zeros: number): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = rng.next() < zeros ? 0 : rng.uniform(-1, 1);
  return values;
}

/** The largest float32 rounding error a k-term dot product plus one addition into `out` may carry. */
export function errorBound(k: number, magnitude: number, previous: number): number {
  const unitRoundoff = 2 ** -24;
  return 2 * (k + 2) * unitRoundoff * (magnitude + Math.abs(previous)) + 1e-30;
}
