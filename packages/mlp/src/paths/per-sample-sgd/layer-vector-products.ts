import { kernels } from '@nn/linalg/internal';

/** A sparse matrix in the kernels' line form whose values the caller swaps per call. */
interface Lines {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/**
 * The three single-sample products of one dense layer (W: rows × cols, row-major), on the active kernel set,
 * so the WebAssembly SIMD kernels do them 4 floats at a time. A dense vector is handed to the sparse
 * kernels as a sparse line that lists every entry: W·v is then a sum of W's contiguous rows, and the
 * rank-1 update adds a scaled copy of the input to each row of W.
 * Arrays from `kernels().allocate` are read in place; others are copied per call.
 */
export class LayerVectorProducts {
  private readonly rows: number;
  private readonly cols: number;
  /** All `rows` entries of a vector as one sparse column (its values are set per call). */
  private readonly column: Lines;
  /** One entry per row of W, at column 0 of the input seen as cols × 1, holding −r·dz[i]. */
  private readonly outer: Lines;

  constructor(rows: number, cols: number) {
    this.rows = rows;
    this.cols = cols;
    const allocate = (n: number) => kernels().allocate(n);
    this.column = {
      offsets: Int32Array.of(0, rows),
      indices: Int32Array.from({ length: rows }, (_, i) => i),
      values: allocate(rows),
    };
    this.outer = {
      offsets: Int32Array.from({ length: rows + 1 }, (_, i) => i),
      indices: new Int32Array(rows),
      values: allocate(rows),
    };
  }

  /** z (rows) += W·v (v: cols) */
  multiplyAdd(w: Float32Array, v: Float32Array, z: Float32Array): void {
    kernels().gemm(this.rows, 1, this.cols, w, v, z, true);
  }

  /** out (cols) = Wᵀ·v (v: rows): the rows of W scaled by v, added up. */
  multiplyTransposed(w: Float32Array, v: Float32Array, out: Float32Array): void {
    this.column.values = v;
    kernels().sparseGemmTransposeA(this.cols, 1, this.rows, w, this.column, out, false);
  }

  /** W −= r·dz·inputᵀ;  b −= r·dz (dz: rows, input: cols). */
  descend(w: Float32Array, b: Float32Array, dz: Float32Array, input: Float32Array, r: number): void {
    const scaled = this.outer.values;
    for (let i = 0; i < this.rows; i++) {
      scaled[i] = -r * dz[i]!;
      b[i]! -= r * dz[i]!;
    }
    kernels().sparseGemmTransposeB(this.rows, this.cols, 1, this.outer, input, w, true);
  }
}
