import type { Matrix } from '../matrix';
import { formatShape, ShapeError } from '../shape-error';
import type { SparseLines } from './kernel-set';
import { transposeSparseLines } from './transpose-sparse-lines';

/**
 * The non-zero entries of `count` samples stored one after another (`count` × `features`, as MNIST
 * stores images), one line per sample, each value times `scale` (1/255 for bytes). Build it once per
 * data set and assemble batches with `SparseMatrix.assignSamples`.
 */
export function sparseSamples(features: number, data: ArrayLike<number>, scale = 1): SparseLines {
  if (!Number.isInteger(features) || features <= 0 || data.length % features !== 0) {
    throw new ShapeError(`sparseSamples: ${data.length} values do not split into samples of ${features} features`);
  }
  const count = data.length / features;
  let entries = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) entries++;
  const offsets = new Int32Array(count + 1);
  const indices = new Int32Array(entries);
  const values = new Float32Array(entries);
  let at = 0;
  for (let s = 0; s < count; s++) {
    offsets[s] = at;
    for (let p = 0; p < features; p++) {
      const v = data[s * features + p]!;
      if (v === 0) continue;
      indices[at] = p;
      values[at] = v * scale;
      at++;
    }
  }
  offsets[count] = at;
  return { offsets, indices, values };
}

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
    this.reserve(rows * cols);

    // Row form in one row-major pass; the column form follows by a counting sort.
    const { offsets, indices, values } = this.rowLines;
    let entry = 0;
    for (let p = 0; p < rows; p++) {
      offsets[p] = entry;
      const base = p * cols;
      for (let s = 0; s < cols; s++) {
        const v = data[base + s]!;
        if (v === 0) continue;
        indices[entry] = s;
        values[entry] = v;
        entry++;
      }
    }
    offsets[rows] = entry;
    transposeSparseLines(this.rowLines, rows, this.columns, cols);
    return this;
  }

  /**
   * Replaces the contents with samples picked from a set built once by `sparseSamples` (one line per
   * sample): column s of this matrix is sample `samples[s]`. Costs O(non-zeros), not O(rows × cols),
   * so a shuffled training loop can assemble every batch this way.
   */
  assignSamples(source: SparseLines, samples: ArrayLike<number>): this {
    if (samples.length !== this.cols) {
      throw new ShapeError(
        `SparseMatrix.assignSamples: the matrix has ${this.cols} columns but ${samples.length} samples were given`,
      );
    }
    const lineCount = source.offsets.length - 1;
    let entries = 0;
    for (let s = 0; s < samples.length; s++) {
      const sample = samples[s]!;
      if (!Number.isInteger(sample) || sample < 0 || sample >= lineCount) {
        throw new RangeError(`SparseMatrix.assignSamples: sample ${sample} is outside the set's ${lineCount} samples`);
      }
      entries += source.offsets[sample + 1]! - source.offsets[sample]!;
    }
    this.reserve(entries);
    const { offsets, indices, values } = this.columns;
    const { offsets: sourceOffsets, indices: sourceIndices, values: sourceValues } = source;
    let at = 0;
    for (let s = 0; s < samples.length; s++) {
      offsets[s] = at;
      const sample = samples[s]!;
      const end = sourceOffsets[sample + 1]!;
      for (let e = sourceOffsets[sample]!; e < end; e++) {
        const row = sourceIndices[e]!;
        if (row >= this.rows) {
          throw new ShapeError(
            `SparseMatrix.assignSamples: sample ${sample} has an entry in row ${row} of ${this.rows}`,
          );
        }
        indices[at] = row;
        values[at] = sourceValues[e]!;
        at++;
      }
    }
    offsets[samples.length] = at;
    transposeSparseLines(this.columns, this.cols, this.rowLines, this.rows);
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
