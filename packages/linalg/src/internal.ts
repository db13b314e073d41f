// What the packages of this repository share below the public API: the kernel sets and their switch, the sparse
// first-layer matrix and products. Not for applications: these names may change with any release.
export { kernels, useKernels, wasmKernels } from './kernels/active';
export type { KernelSet, SparseLines } from './kernels/kernel-set';
export { type KernelArena, type SharedKernelMemory, sharedKernelMemoryOf } from './kernels/shared-kernel-memory';
export { SparseMatrix, sparseSamples } from './kernels/sparse-matrix';
export {
  mulSparseInto,
  mulSparseTransposeBInto,
  mulTransposeASparseInto,
  mulTransposeBSparseInto,
} from './kernels/sparse-products';
export { transposeSparseLines } from './kernels/transpose-sparse-lines';
export { typescriptKernels } from './kernels/typescript-kernels';
export {
  loadWasmKernels,
  loadWasmKernelsAsync,
  simdSupported,
  type WasmKernelOptions,
} from './kernels/wasm-loader';
export { PLAN, type StepExports, type StepKernels, stepKernelsOf } from './kernels/wasm-step';
