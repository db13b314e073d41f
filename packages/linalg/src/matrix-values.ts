import { formatMatrix } from './format';
import { assertDimension, checkSame, formatShape, ShapeError } from './shape-error';

/**
 * What every `Matrix` holds and does to itself: its shape and row-major Float32 values, one value read or written,
 * comparison and printing, and the element-wise updates in place. `Matrix` (matrix.ts) adds the constructors, the
 * operations that give a new matrix, and the products.
 */
export class MatrixValues<R extends number = number, C extends number = number> {
  readonly rows: R;
  readonly cols: C;
  readonly data: Float32Array;

  constructor(rows: R, cols: C, data?: Float32Array) {
    assertDimension('Matrix', 'rows', rows);
    assertDimension('Matrix', 'cols', cols);
    if (data !== undefined && data.length !== rows * cols) {
      throw new ShapeError(
        `Matrix: a ${formatShape(rows, cols)} matrix needs ${rows * cols} values, got ${data.length}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float32Array(rows * cols);
  }

  /** The value at row i, column j (0-based); throws ShapeError outside the matrix. */
  get(i: number, j: number): number {
    return this.data[this.index('get', i, j)]!;
  }

  /** Writes the value at row i, column j (0-based); throws ShapeError outside the matrix. */
  set(i: number, j: number, value: number): this {
    this.data[this.index('set', i, j)] = value;
    return this;
  }

  /** True when shapes agree and every pair of values differs by at most `tolerance`. */
  equals(other: MatrixValues, tolerance = 0): boolean {
    if (this.rows !== other.rows || this.cols !== other.cols) return false;
    for (let i = 0; i < this.data.length; i++) {
      if (!(Math.abs(this.data[i]! - other.data[i]!) <= tolerance)) return false;
    }
    return true;
  }

  /** this += rhs, element-wise. */
  addInPlace(rhs: MatrixValues<R, C>): this {
    checkSame('addInPlace', this, rhs);
    for (let i = 0; i < this.data.length; i++) this.data[i]! += rhs.data[i]!;
    return this;
  }

  /** this −= rhs, element-wise. */
  subInPlace(rhs: MatrixValues<R, C>): this {
    checkSame('subInPlace', this, rhs);
    for (let i = 0; i < this.data.length; i++) this.data[i]! -= rhs.data[i]!;
    return this;
  }

  /** this ⊙= rhs: the element-wise product, in place. */
  hadamardInPlace(rhs: MatrixValues<R, C>): this {
    checkSame('hadamardInPlace', this, rhs);
    for (let i = 0; i < this.data.length; i++) this.data[i]! *= rhs.data[i]!;
    return this;
  }

  /** this += k · rhs (an axpy: the update `w -= dw · r` is `w.addScaledInPlace(dw, -r)`). */
  addScaledInPlace(rhs: MatrixValues<R, C>, k: number): this {
    checkSame('addScaledInPlace', this, rhs);
    for (let i = 0; i < this.data.length; i++) this.data[i]! += k * rhs.data[i]!;
    return this;
  }

  /** Multiplies every value by k, in place. */
  scaleInPlace(k: number): this {
    for (let i = 0; i < this.data.length; i++) this.data[i]! *= k;
    return this;
  }

  /** Replaces every value by fn(value, row, column). */
  mapInPlace(fn: (value: number, i: number, j: number) => number): this {
    const { rows, cols, data } = this;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) data[i * cols + j] = fn(data[i * cols + j]!, i, j);
    }
    return this;
  }

  /** Sets every value to `value`. */
  fill(value: number): this {
    this.data.fill(value);
    return this;
  }

  /** Copies the values of a matrix of the same shape into this one. */
  copyFrom(source: MatrixValues<R, C>): this {
    checkSame('copyFrom', this, source);
    this.data.set(source.data);
    return this;
  }

  /** The values as aligned rows of text, for logs and the REPL. */
  toString(): string {
    return formatMatrix(this.rows, this.cols, this.data);
  }

  /** What `JSON.stringify` writes: the shape and the values row by row (not the Float32Array's `{"0": …}`). */
  toJSON(): { rows: R; cols: C; data: number[] } {
    return { rows: this.rows, cols: this.cols, data: Array.from(this.data) };
  }

  /**
   * What `console.log` and `util.inspect` show in Node: the same text as `toString`. The symbol is the registered
   * one Node looks up, so no Node module is imported and browsers simply ignore it.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  private index(op: string, i: number, j: number): number {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= this.rows || j >= this.cols) {
      throw new ShapeError(`${op}: index (${i}, ${j}) is outside a ${formatShape(this.rows, this.cols)} matrix`);
    }
    return i * this.cols + j;
  }
}
