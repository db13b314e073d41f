import * as internal from './internal';

export { argmax } from './argmax';
export { Matrix, type RandomOptions } from './matrix';
export { deriveSeed, SeededRandom } from './random';
export { formatShape, ShapeError } from './shape-error';

// Until @nn/mlp imports these from @nn/linalg/internal (issue 15); then they go.
/** @deprecated internal, use @nn/linalg/internal */
export const kernels = internal.kernels;
/** @deprecated internal, use @nn/linalg/internal */
export const useKernels = internal.useKernels;
/** @deprecated internal, use @nn/linalg/internal */
export const wasmKernels = internal.wasmKernels;
/** @deprecated internal, use @nn/linalg/internal */
export const typescriptKernels = internal.typescriptKernels;
/** @deprecated internal, use @nn/linalg/internal */
export type KernelSet = internal.KernelSet;
/** @deprecated internal, use @nn/linalg/internal */
export type SparseLines = internal.SparseLines;
