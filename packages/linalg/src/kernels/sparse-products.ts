import type { Matrix } from '../matrix';
import { formatShape, ShapeError } from '../shape-error';
import { kernels } from './active';
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
