import type { Matrix } from '../matrix';
import { formatShape, ShapeError } from '../shape-error';
import { kernels } from './active';
import type { KernelSet } from './kernel-set';
import type { SparseMatrix } from './sparse-matrix';

/**
 * out = aᵀ · x, with x sparse (k×n, a batch with one sample per column) and a dense k×m: the first
 * layer's forward product z = W·x when its weights are kept input-major (a = Wᵀ), which lets every
 * non-zero pixel add one contiguous row of weights. With `accumulate`, out += aᵀ · x.
 */
export function mulTransposeASparseInto<M extends number, K extends number, N extends number>(
  out: Matrix<NoInfer<M>, NoInfer<N>>,
  a: Matrix<K, M>,
  x: SparseMatrix<K, N>,
  accumulate = false,
): Matrix<M, N> {
  check('mulTransposeASparseInto', [a.cols, a.rows], [x.rows, x.cols], out, 'left transposed');
  kernels().sparseGemmTransposeA(a.cols, x.cols, a.rows, a.data, x.byColumn, out.data, accumulate);
  return out as Matrix<M, N>;
}

/**
 * out = x · bᵀ, with x sparse (m×k: inputs × samples) and a dense n×k: the first layer's weight
 * gradient in the input-major layout, dWᵀ = x · dzᵀ, adding only over non-zero pixels.
 * With `accumulate`, out += x · bᵀ.
 */
export function mulSparseTransposeBInto<M extends number, K extends number, N extends number>(
  out: Matrix<NoInfer<M>, NoInfer<N>>,
  x: SparseMatrix<M, K>,
  b: Matrix<N, K>,
  accumulate = false,
): Matrix<M, N> {
  check('mulSparseTransposeBInto', [x.rows, x.cols], [b.cols, b.rows], out, 'right transposed');
  kernels().sparseGemmTransposeB(x.rows, b.rows, x.cols, x.byRow, b.data, out.data, accumulate);
  return out as Matrix<M, N>;
}

/** Per kernel set, a scratch array reused by the row-major helpers below (no allocation per step). */
const scratchBySet = new WeakMap<KernelSet, Float32Array>();
function scratch(set: KernelSet, length: number): Float32Array {
  let array = scratchBySet.get(set);
  if (!array || array.length < length) {
    array = set.allocate(length);
    scratchBySet.set(set, array);
  }
  return array;
}

/**
 * out = w · x with w in the usual row-major layout (m×k: units × inputs) and x sparse (k×n): the
 * first layer's forward product z = W·x. Transposes w into a reused scratch first (k·m moves, a few
 * percent of the dense product), then runs `mulTransposeASparseInto`'s kernel.
 */
export function mulSparseInto<M extends number, K extends number, N extends number>(
  out: Matrix<NoInfer<M>, NoInfer<N>>,
  w: Matrix<M, K>,
  x: SparseMatrix<K, N>,
  accumulate = false,
): Matrix<M, N> {
  check('mulSparseInto', [w.rows, w.cols], [x.rows, x.cols], out, 'sparse right');
  const set = kernels();
  const [m, k, n] = [w.rows, w.cols, x.cols];
  const weightsT = scratch(set, k * m);
  set.transpose(m, k, w.data, weightsT);
  set.sparseGemmTransposeA(m, n, k, weightsT, x.byColumn, out.data, accumulate);
  return out as Matrix<M, N>;
}

/**
 * out = dz · xᵀ with x sparse (n×k: inputs × samples) and dz dense (m×k): the first layer's weight
 * gradient dW = dz·xᵀ in the usual row-major layout (m×n: units × inputs). Computes dWᵀ in a reused
 * scratch with the sparse kernel, then transposes it into out (adding when `accumulate`).
 */
export function mulTransposeBSparseInto<M extends number, K extends number, N extends number>(
  out: Matrix<NoInfer<M>, NoInfer<N>>,
  dz: Matrix<M, K>,
  x: SparseMatrix<N, K>,
  accumulate = false,
): Matrix<M, N> {
  check('mulTransposeBSparseInto', [dz.rows, dz.cols], [x.cols, x.rows], out, 'sparse right transposed');
  const set = kernels();
  const [m, k, n] = [dz.rows, dz.cols, x.rows];
  const gradientT = scratch(set, 2 * n * m);
  set.sparseGemmTransposeB(n, m, k, x.byRow, dz.data, gradientT, false);
  if (!accumulate) {
    set.transpose(n, m, gradientT, out.data);
  } else {
    const gradient = gradientT.subarray(n * m, 2 * n * m);
    set.transpose(n, m, gradientT, gradient);
    const data = out.data;
    for (let i = 0; i < m * n; i++) data[i]! += gradient[i]!;
  }
  return out as Matrix<M, N>;
}

/** Checks (m×k)·(k2×n) = out (m×n), naming shapes as used (after the transpose `how` names). */
function check(op: string, [m, k]: number[], [k2, n]: number[], out: Matrix, how: string): void {
  if (k !== k2) {
    throw new ShapeError(
      `${op}: left is ${formatShape(m!, k!)}, right is ${formatShape(k2!, n!)} (${how}); inner dimensions ${k} and ${k2} differ`,
    );
  }
  if (out.rows !== m || out.cols !== n) {
    throw new ShapeError(`${op}: the product is ${formatShape(m!, n!)} but out is ${formatShape(out.rows, out.cols)}`);
  }
}
