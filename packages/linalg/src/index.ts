export { kernels, useKernels, wasmKernels } from './kernels/active';
export type { KernelSet, SparseLines } from './kernels/kernel-set';
export { typescriptKernels } from './kernels/typescript-kernels';
export { loadWasmKernels, loadWasmKernelsAsync, simdSupported } from './kernels/wasm-loader';
export { Matrix, type RandomOptions } from './matrix';
export { SeededRandom } from './random';
export { formatShape, ShapeError } from './shape-error';
