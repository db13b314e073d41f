import { argmax } from './argmax';
import { kernels } from './kernels/active';
import { MatrixValues } from './matrix-values';
import { SeededRandom } from './random';
import { checkProduct, checkSame, formatShape, ShapeError } from './shape-error';

/** Options for the random constructors: pass a generator to share one stream, or a seed. */
export interface RandomOptions {
  rng?: SeededRandom;
  seed?: number;
}

/**
 * A dense row-major Float32 matrix whose dimensions live in its type where they are literals:
 * `Matrix<128, 784>` times `Matrix<784, 1>` is a `Matrix<128, 1>`, and a mismatch does not compile.
 * Sizes known only at run time give `Matrix<number, number>`; `withShape` narrows after a check.
 * Every operation checks shapes at run time too, and throws `ShapeError` naming both shapes.
 */
export class Matrix<R extends number = number, C extends number = number> extends MatrixValues<R, C> {
  /** A rows × cols matrix of zeros. */
  static zeros<R extends number, C extends number>(rows: R, cols: C): Matrix<R, C> {
    return new Matrix(rows, cols);
  }

  /** Row-major values; the length must be rows × cols. */
  static fromArray<R extends number, C extends number>(rows: R, cols: C, values: ArrayLike<number>): Matrix<R, C> {
    if (values.length !== rows * cols) {
      throw new ShapeError(
        `fromArray: a ${formatShape(rows, cols)} matrix needs ${rows * cols} values, got ${values.length}`,
      );
    }
    return new Matrix(rows, cols, Float32Array.from(values));
  }

  /** From nested rows; a literal like `[[1, 2], [3, 4]]` gives a `Matrix<2, 2>`. */
  static from2D<const T extends readonly (readonly number[])[]>(
    rows2d: T,
  ): Matrix<
    T['length'],
    T extends readonly [infer First extends readonly number[], ...unknown[]] ? First['length'] : number
  > {
    const rows = rows2d.length;
    const cols = rows2d[0]?.length ?? 0;
    const out = new Matrix(rows, cols);
    rows2d.forEach((row, i) => {
      if (row.length !== cols) {
        throw new ShapeError(`from2D: row 0 has ${cols} values but row ${i} has ${row.length}`);
      }
      out.data.set(row, i * cols);
    });
    return out as never;
  }

  /** The n × n identity matrix. */
  static identity<N extends number>(n: N): Matrix<N, N> {
    const out = new Matrix(n, n);
    for (let i = 0; i < n; i++) out.data[i * n + i] = 1;
    return out;
  }

  /** Uniform values in [min, max), by default [-1, 1) like the seed's `random()`. */
  static random<R extends number, C extends number>(
    rows: R,
    cols: C,
    options: RandomOptions & { min?: number; max?: number } = {},
  ): Matrix<R, C> {
    const rng = options.rng ?? new SeededRandom(options.seed ?? 0);
    const min = options.min ?? -1;
    const max = options.max ?? 1;
    const out = new Matrix(rows, cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = rng.uniform(min, max);
    return out;
  }

  /** Normally distributed values (mean 0, std 1 unless given). */
  static randomNormal<R extends number, C extends number>(
    rows: R,
    cols: C,
    options: RandomOptions & { mean?: number; std?: number } = {},
  ): Matrix<R, C> {
    const rng = options.rng ?? new SeededRandom(options.seed ?? 0);
    const out = new Matrix(rows, cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = rng.normal(options.mean ?? 0, options.std ?? 1);
    return out;
  }

  /**
   * out = a · b, writing into an existing matrix (no allocation). With `accumulate`, out += a · b.
   * `K` is inferred from `a` alone (`NoInfer`): inferred from both, it would become the union of two
   * different inner dimensions and a mismatch would compile. The same holds for the two forms below.
   */
  static mulInto<M extends number, K extends number, N extends number>(
    out: Matrix<NoInfer<M>, NoInfer<N>>,
    a: Matrix<M, K>,
    b: Matrix<NoInfer<K>, N>,
    accumulate = false,
  ): Matrix<M, N> {
    checkProduct('mulInto', a, b, 'none', out);
    kernels().gemm(a.rows, b.cols, a.cols, a.data, b.data, out.data, accumulate);
    return out;
  }

  /** out = aᵀ · b without building aᵀ (a is K×M). With `accumulate`, out += aᵀ · b. */
  static mulTransposeAInto<M extends number, K extends number, N extends number>(
    out: Matrix<NoInfer<M>, NoInfer<N>>,
    a: Matrix<K, M>,
    b: Matrix<NoInfer<K>, N>,
    accumulate = false,
  ): Matrix<M, N> {
    checkProduct('mulTransposeAInto', a, b, 'left', out);
    kernels().gemmTransposeA(a.cols, b.cols, a.rows, a.data, b.data, out.data, accumulate);
    return out;
  }

  /** out = a · bᵀ without building bᵀ (b is N×K). With `accumulate`, out += a · bᵀ. */
  static mulTransposeBInto<M extends number, K extends number, N extends number>(
    out: Matrix<NoInfer<M>, NoInfer<N>>,
    a: Matrix<M, K>,
    b: Matrix<N, NoInfer<K>>,
    accumulate = false,
  ): Matrix<M, N> {
    checkProduct('mulTransposeBInto', a, b, 'right', out);
    kernels().gemmTransposeB(a.rows, b.rows, a.cols, a.data, b.data, out.data, accumulate);
    return out;
  }

  /** The same matrix typed with literal dimensions, after checking them at run time. */
  withShape<R2 extends number, C2 extends number>(rows: R2, cols: C2): Matrix<R2, C2> {
    if ((this.rows as number) !== rows || (this.cols as number) !== cols) {
      throw new ShapeError(
        `withShape: matrix is ${formatShape(this.rows, this.cols)}, expected ${formatShape(rows, cols)}`,
      );
    }
    return this as unknown as Matrix<R2, C2>;
  }

  /** A copy with its own values. */
  clone(): Matrix<R, C> {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** The matrix product this · rhs, in a new matrix; the inner dimensions must agree. */
  mul<K extends number>(rhs: Matrix<C, K>): Matrix<R, K> {
    checkProduct('mul', this, rhs);
    return Matrix.mulInto(new Matrix(this.rows, rhs.cols), this, rhs);
  }

  /** A new cols × rows matrix with rows and columns swapped. */
  transpose(): Matrix<C, R> {
    const out = new Matrix(this.cols, this.rows);
    const { rows, cols, data } = this;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out.data[j * rows + i] = data[i * cols + j]!;
    }
    return out;
  }

  /** this + rhs, element-wise, in a new matrix. */
  add(rhs: Matrix<R, C>): Matrix<R, C> {
    checkSame('add', this, rhs);
    return this.clone().addInPlace(rhs);
  }

  /** this − rhs, element-wise, in a new matrix. */
  sub(rhs: Matrix<R, C>): Matrix<R, C> {
    checkSame('sub', this, rhs);
    return this.clone().subInPlace(rhs);
  }

  /** Element-wise product. */
  hadamard(rhs: Matrix<R, C>): Matrix<R, C> {
    checkSame('hadamard', this, rhs);
    return this.clone().hadamardInPlace(rhs);
  }

  /** Every value times k, in a new matrix. */
  scale(k: number): Matrix<R, C> {
    return this.clone().scaleInPlace(k);
  }

  /** fn applied to every value (with its row and column), in a new matrix. */
  map(fn: (value: number, i: number, j: number) => number): Matrix<R, C> {
    return this.clone().mapInPlace(fn);
  }

  /** Adds the column vector `b` to every column: the bias broadcast of `z = W·x + b`. */
  addColumn(b: Matrix<R, 1>): Matrix<R, C> {
    checkBiasColumn('addColumn', this, b);
    return this.clone().addColumnInPlace(b);
  }

  /** Sums each row across its columns: the bias gradient of a batch. */
  sumColumns(): Matrix<R, 1> {
    const out = new Matrix(this.rows, 1 as const);
    const { rows, cols, data } = this;
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += data[i * cols + j]!;
      out.data[i] = sum;
    }
    return out;
  }

  /** For each column, the row index of its largest value (the predicted class of each sample). */
  argmaxColumns(): Int32Array {
    const { rows, cols, data } = this;
    if (rows === 0 && cols > 0) {
      throw new ShapeError(`argmaxColumns: a ${formatShape(rows, cols)} matrix has no rows to choose from`);
    }
    const out = new Int32Array(cols);
    for (let j = 0; j < cols; j++) out[j] = argmax(data, j, rows, cols);
    return out;
  }

  /** this += b broadcast along each row (z = W·x + b without a new matrix). */
  addColumnInPlace(b: Matrix<R, 1>): this {
    checkBiasColumn('addColumnInPlace', this, b);
    kernels().addBias(this.rows, this.cols, this.data, b.data);
    return this;
  }

  /** out = the sum of each row across its columns (the bias gradient db = Σ_B dz, written in place). */
  sumColumnsInto(out: Matrix<R, 1>): Matrix<R, 1> {
    checkBiasColumn('sumColumnsInto', this, out);
    kernels().sumRows(this.rows, this.cols, this.data, out.data);
    return out;
  }
}

function checkBiasColumn(op: string, matrix: Matrix, b: Matrix): void {
  if (b.rows !== matrix.rows || b.cols !== 1) {
    throw new ShapeError(
      `${op}: matrix is ${formatShape(matrix.rows, matrix.cols)}, bias is ${formatShape(b.rows, b.cols)}; ` +
        `expected a ${formatShape(matrix.rows, 1)} column`,
    );
  }
}
