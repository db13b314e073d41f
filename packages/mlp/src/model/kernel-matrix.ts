import { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';

/**
 * A zeroed matrix in the active kernel set's memory: the WebAssembly kernels then read and write it in
 * place instead of copying it in and out on every call (and allocating views to do so). For weights,
 * gradients and per-batch buffers, which live as long as the network or the fit.
 */
export function kernelMatrix<R extends number, C extends number>(rows: R, cols: C): Matrix<R, C> {
  return new Matrix(rows, cols, kernels().allocate(rows * cols));
}
