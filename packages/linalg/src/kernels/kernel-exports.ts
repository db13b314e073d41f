/** The functions the generated module exports (pointers are byte addresses in its memory). */
export interface KernelExports {
  gemm(m: number, n: number, k: number, a: number, b: number, out: number, accumulate: number): void;
  gemmTransposeB(m: number, n: number, k: number, a: number, b: number, out: number, accumulate: number): void;
  /** out (m×n) = A·Bᵀ (B stored n×k) at the columns line i lists in row i, 0 elsewhere. */
  sampledDots(
    m: number,
    n: number,
    k: number,
    a: number,
    b: number,
    offsets: number,
    indices: number,
    out: number,
  ): void;
  transpose(rows: number, cols: number, source: number, target: number): void;
  /** `transpose` of a rows×cols block whose rows lie `stride` floats apart in source. */
  transposeColumns(rows: number, cols: number, stride: number, source: number, target: number): void;
  adam(
    n: number,
    w: number,
    g: number,
    m: number,
    v: number,
    beta1: number,
    beta2: number,
    stepSize: number,
    epsilon: number,
  ): void;
  scaleAdd(n: number, alpha: number, x: number, beta: number, y: number): number;
  transposeLines(
    sourceLines: number,
    targetLines: number,
    so: number,
    si: number,
    sv: number,
    to: number,
    ti: number,
    tv: number,
  ): void;
  /** Line r of (to, ti, tv) lists row r's non-zero columns and values (a: lines × length, row-major). */
  nonZeroLines(lines: number, length: number, a: number, to: number, ti: number, tv: number): void;
  reluForward(n: number, z: number, a: number): void;
  reluBackward(n: number, z: number, da: number, dz: number): void;
  finiteCheck(n: number, x: number): number;
  addBias(rows: number, cols: number, x: number, b: number): void;
  sumRows(rows: number, cols: number, x: number, out: number): void;
  dropoutMask(
    units: number,
    samples: number,
    keys: number,
    seed: number,
    threshold: number,
    keep: number,
    a: number,
    mask: number,
    dropped: number,
  ): void;
  /** For each line: out[line, 0..width) (=|+=) Σ values[e] · dense[indices[e], 0..width) */
  sparseRows(...args: SparseArgs): void;
  /** The same sums written down column `line` of out. */
  sparseColumns(...args: SparseArgs): void;
  /**
   * sparseRows, each 16-float chunk of the dense operand's `rows` rows first copied one after another into
   * `scratch` (rows · 64 bytes), where the lines read it.
   */
  sparsePackedRows(...args: [...SparseArgs, rows: number, scratch: number]): void;
  /** The same sums written down column `line` of out. */
  sparsePackedColumns(...args: [...SparseArgs, rows: number, scratch: number]): void;
}
type SparseArgs = [
  lines: number,
  width: number,
  offsets: number,
  indices: number,
  values: number,
  dense: number,
  out: number,
  outStride: number,
  accumulate: number,
  denseStride: number,
];
