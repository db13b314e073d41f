import type { Matrix } from '../matrix';
import { formatShape, ShapeError } from '../shape-error';
import type { SparseLines } from './kernel-set';

/** Growable storage for one compressed form (capacity is reused from batch to batch). */
class Lines implements SparseLines {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;

  constructor(lines: number, capacity: number) {
    this.offsets = new Int32Array(lines + 1);
    this.indices = new Int32Array(capacity);
    this.values = new Float32Array(capacity);
  }
}

/**
 * The non-zero entries of a rows×cols matrix, kept both per column and per row: a batch of inputs
 * (one sample per column, as a layer sees them) whose zeros the first layer's kernels skip. An
 * MNIST batch is ≈19% non-zero. Build it once per batch with `assign`, which reuses the storage, so
 * a training loop allocates nothing per step.
 */
export class SparseMatrix<R extends number = number, C extends number = number> {
  readonly rows: R;
  readonly cols: C;
  /** Column s lists the rows p with x(p, s) ≠ 0 (what the forward product walks). */
  readonly byColumn: SparseLines;
  /** Row p lists the columns s with x(p, s) ≠ 0 (what the weight gradient walks). */
  readonly byRow: SparseLines;
  private readonly columns: Lines;
  private readonly rowLines: Lines;

  constructor(rows: R, cols: C) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new ShapeError(`SparseMatrix: ${formatShape(rows, cols)} is not a shape of non-negative integers`);
    }
    this.rows = rows;
    this.cols = cols;
    this.columns = new Lines(cols, 0);
    this.rowLines = new Lines(rows, 0);
    this.byColumn = this.columns;
    this.byRow = this.rowLines;
  }

  /** The sparse form of a dense matrix. */
  static fromDense<R extends number, C extends number>(dense: Matrix<R, C>): SparseMatrix<R, C> {
    return new SparseMatrix(dense.rows, dense.cols).assign(dense);
  }

  /** How many entries are not zero. */
  get nonZeros(): number {
    return this.rowLines.offsets[this.rows]!;
  }

  /** The fraction of entries that are not zero, from 0 to 1. */
  get density(): number {
    return this.rows * this.cols === 0 ? 0 : this.nonZeros / (this.rows * this.cols);
  }

  /** Replaces the contents with the non-zero entries of `dense` (same shape). */
  assign(dense: Matrix<R, C>): this {
    if (dense.rows !== this.rows || dense.cols !== this.cols) {
      throw new ShapeError(
        `SparseMatrix.assign: sparse matrix is ${formatShape(this.rows, this.cols)}, dense is ${formatShape(dense.rows, dense.cols)}`,
      );
    }
    const { rows, cols } = this;
    const data = dense.data;
    let count = 0;
    for (let i = 0; i < data.length; i++) if (data[i] !== 0) count++;
    this.reserve(count);

    // Row form in one row-major pass, counting each column's entries on the way.
    const byRow = this.rowLines;
    const byColumn = this.columns;
    const columnOffsets = byColumn.offsets;
    columnOffsets.fill(0);
    let entry = 0;
    for (let p = 0; p < rows; p++) {
      byRow.offsets[p] = entry;
      const base = p * cols;
      for (let s = 0; s < cols; s++) {
        const v = data[base + s]!;
        if (v === 0) continue;
        byRow.indices[entry] = s;
        byRow.values[entry] = v;
        columnOffsets[s + 1]!++;
        entry++;
      }
    }
    byRow.offsets[rows] = entry;

    // Column form: prefix sums give each column's start; rows are visited in order, so each
    // column's entries come out sorted by row. `offsets[s]` serves as column s's cursor meanwhile.
    for (let s = 0; s < cols; s++) columnOffsets[s + 1]! += columnOffsets[s]!;
    for (let p = 0; p < rows; p++) {
      for (let e = byRow.offsets[p]!; e < byRow.offsets[p + 1]!; e++) {
        const s = byRow.indices[e]!;
        const at = columnOffsets[s]!++;
        byColumn.indices[at] = p;
        byColumn.values[at] = byRow.values[e]!;
      }
    }
    // The cursors now sit at each column's end, which is the next column's start: shift back.
    for (let s = cols; s > 0; s--) columnOffsets[s] = columnOffsets[s - 1]!;
    columnOffsets[0] = 0;
    return this;
  }

  /** The dense matrix back (for tests and inspection). */
  toDenseData(): Float32Array {
    const out = new Float32Array(this.rows * this.cols);
    const { offsets, indices, values } = this.rowLines;
    for (let p = 0; p < this.rows; p++) {
      for (let e = offsets[p]!; e < offsets[p + 1]!; e++) out[p * this.cols + indices[e]!] = values[e]!;
    }
    return out;
  }

  private reserve(entries: number): void {
    if (this.rowLines.indices.length >= entries) return;
    // Room for the whole matrix at once, so later batches never grow it again.
    const capacity = Math.max(entries, this.rows * this.cols);
    for (const lines of [this.rowLines, this.columns]) {
      lines.indices = new Int32Array(capacity);
      lines.values = new Float32Array(capacity);
    }
  }
}
