export { kernels, useKernels, wasmKernels } from './kernels/active';
export type { KernelSet, SparseLines } from './kernels/kernel-set';
export { SparseMatrix, sparseSamples, transposeSparseLines } from './kernels/sparse-matrix';
export {
  mulSparseInto,
  mulSparseTransposeBInto,
  mulTransposeASparseInto,
  mulTransposeBSparseInto,
} from './kernels/sparse-products';
export { typescriptKernels } from './kernels/typescript-kernels';
export {
  loadWasmKernels,
  loadWasmKernelsAsync,
  simdSupported,
  type WasmKernelOptions,
} from './kernels/wasm-loader';
export { Matrix, type RandomOptions } from './matrix';
export { SeededRandom } from './random';
export { formatShape, ShapeError } from './shape-error';
