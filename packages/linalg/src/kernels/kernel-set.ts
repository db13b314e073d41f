/**
 * The small kernel interface below the typed Matrix API: plain loops over row-major Float32Arrays,
 * no shape logic (callers have checked shapes). Every product writes `out`, or adds into it when
 * `accumulate` is true, so gradients can be summed without a temporary.
 */
export interface KernelSet {
  readonly name: string;
  /** out (m×n) = a (m×k) · b (k×n) */
  gemm(m: number, n: number, k: number, a: Float32Array, b: Float32Array, out: Float32Array, accumulate: boolean): void;
  /** out (m×n) = aᵀ · b, where a is k×m and b is k×n */
  gemmTransposeA(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    accumulate: boolean,
  ): void;
  /** out (m×n) = a · bᵀ, where a is m×k and b is n×k */
  gemmTransposeB(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    accumulate: boolean,
  ): void;
}
