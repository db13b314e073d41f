/**
 * The small kernel interface below the typed Matrix API: plain loops over row-major Float32Arrays,
 * no shape logic (callers have checked shapes). Every product writes `out`, or adds into it when
 * `accumulate` is true, so gradients can be summed without a temporary.
 */
export interface KernelSet {
  readonly name: string;
  /**
   * A zeroed Float32Array the kernels read without copying (for WebAssembly: a view of its memory).
   * Worth it for buffers that live long (weights, activations); an ordinary array works everywhere.
   * The block is reused once the returned array is garbage-collected, so keep that array (not only a
   * `subarray` of it) alive for as long as its memory is used.
   */
  allocate(length: number): Float32Array;
  /** `allocate` for integers (the indices and offsets of sparse lines), with the same lifetime rule. */
  allocateInts(length: number): Int32Array;
  /**
   * One Adam step over n parameters, in place: m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
   * w −= stepSize · m / (√v + epsilon). The caller folds the bias corrections into stepSize and
   * epsilon (stepSize = r·√(1 − β2ᵗ)/(1 − β1ᵗ), epsilon = ε·√(1 − β2ᵗ)). The n parameters start `offset` floats
   * into each array (0: at the start; a data-parallel thread updates its share of an array).
   */
  adamUpdate(
    n: number,
    weights: Float32Array,
    gradients: Float32Array,
    m: Float32Array,
    v: Float32Array,
    beta1: number,
    beta2: number,
    stepSize: number,
    epsilon: number,
    offset?: number,
  ): void;
  /** out (cols×rows) = a (rows×cols)ᵀ */
  /**
   * y = α·x + β·y over n floats (each product rounded to float32, then the sum). Returns 0 when every new y is
   * finite and NaN otherwise (a free finiteness check for summed gradients).
   */
  scaleAdd(n: number, alpha: number, x: Float32Array, beta: number, y: Float32Array): number;
  /** a = max(z, 0) over n floats (NaN stays NaN, −0 becomes 0, as `Math.max`). */
  reluForward(n: number, z: Float32Array, a: Float32Array): void;
  /** dz = da where z > 0, else 0, over n floats. */
  reluBackward(n: number, z: Float32Array, da: Float32Array, dz: Float32Array): void;
  /** 0 when all n values are finite, NaN otherwise. */
  finiteCheck(n: number, x: Float32Array): number;
  /** x (rows×cols) += b broadcast along each row: a layer's bias, one per unit, added to every sample. */
  addBias(rows: number, cols: number, x: Float32Array, b: Float32Array): void;
  /**
   * out[i] = Σ_j x[i, j] over a rows×cols matrix (a bias gradient), summed in float32 as four running sums
   * (j mod 4 of the first cols − cols mod 4) added as (s0 + s1) + (s2 + s3), then the rest in order.
   */
  sumRows(rows: number, cols: number, x: Float32Array, out: Float32Array): void;
  transpose(rows: number, cols: number, a: Float32Array, out: Float32Array): void;
  /**
   * Inverted dropout over a units×samples block (row-major, one sample per column). Sample j draws from the stream
   * `mixKey(seed, keys[j])` (random.ts), which is written over `keys[j]`; its unit i is kept when
   * `uniformBitsAt(stream, i)` is at least `threshold` (unsigned 32-bit), so that mask = keep there and 0 elsewhere,
   * and dropped = a · mask (products rounded to float32). A sample's mask depends on its key alone, not on the batch
   * or thread it lands in.
   */
  dropoutMask(
    units: number,
    samples: number,
    keys: Int32Array,
    seed: number,
    threshold: number,
    keep: number,
    a: Float32Array,
    mask: Float32Array,
    dropped: Float32Array,
  ): void;
  /**
   * Fills `target` (`targetLines` lines) with the other compressed form of `source` (`sourceLines` lines), each
   * target line sorted by index: `transposeSparseLines`, as a kernel (a batch's non-zeros per input, for dWᵀ).
   */
  transposeSparse(source: SparseLines, sourceLines: number, target: SparseLines, targetLines: number): void;
  /**
   * Fills `target` with the non-zeros of `a` (`lines` × `length`, row-major): line r lists row r's non-zero columns
   * and values, in column order (`nonZeroLines`, as a kernel: a hidden layer's inputs after relu, per input).
   * `target`'s indices and values must have room for lines × length entries.
   */
  nonZeroLines(lines: number, length: number, a: Float32Array, target: SparseLines): void;
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
  /**
   * out (m×n) = aᵀ · x, where a is k×m (dense) and x is k×n given by its columns: a layer's forward
   * product z = W·x with the weights stored input-major (a = Wᵀ, k inputs × m units), so each
   * non-zero x(p, s) adds x(p, s) times a's contiguous row p to output column s.
   */
  sparseGemmTransposeA(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    x: SparseLines,
    out: Float32Array,
    accumulate: boolean,
  ): void;
  /**
   * out (m×n) = a · b (a m×k, b k×n, both dense) at the entries of `at` only, 0 everywhere else: line i of `at`
   * lists the columns wanted in row i (its values are not read). A layer's backward product da_in = W·dz (a = Wᵀ
   * kept input-major) when only da_in's entries at non-zero inputs matter: those of relu inputs, whose zeros
   * have no gradient.
   */
  sampledGemm(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    at: SparseLines,
    out: Float32Array,
  ): void;
  /**
   * out (m×n) = x · bᵀ, where x is m×k given by its rows and b is n×k (dense): that layer's weight
   * gradient dWᵀ = x · dzᵀ, each non-zero x(p, s) adding x(p, s) times b's column s to output row p.
   */
  sparseGemmTransposeB(
    m: number,
    n: number,
    k: number,
    x: SparseLines,
    b: Float32Array,
    out: Float32Array,
    accumulate: boolean,
  ): void;
}

/**
 * The non-zero entries of a sparse matrix, line by line (a line is a row or a column, as the
 * kernel says): line `l` holds entries offsets[l] .. offsets[l + 1] - 1, each an index across the
 * line and its value.
 */
export interface SparseLines {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}
