export type { KernelSet } from './kernels/kernel-set';
export { kernels, useKernels } from './kernels/active';
export { typescriptKernels } from './kernels/typescript-kernels';
export { Matrix, type RandomOptions } from './matrix';
export { SeededRandom } from './random';
export { formatShape, ShapeError } from './shape-error';
