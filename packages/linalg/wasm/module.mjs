// The whole kernel module as WAT text. The memory is imported so JavaScript can own it: shared where
// SharedArrayBuffer exists (growing it keeps existing views valid), plain otherwise. Math's exp, log and tanh
// are imported for the training step's activations and loss (the same functions the TypeScript model calls).
import { denseKernels } from './dense.mjs';
import { dotProductKernels } from './dot-products.mjs';
import { elementwiseKernels } from './elementwise.mjs';
import { sparseKernels } from './sparse.mjs';
import { stepFunctions, stepImports } from './step.mjs';

/** Pages of 64 KiB: 1 GiB at most, reserved as address space only. */
export const MAX_PAGES = 16384;

export function kernelModuleWat({ shared }) {
  return `(module
(import "env" "memory" (memory 1 ${MAX_PAGES}${shared ? ' shared' : ''}))
${stepImports}
${denseKernels()}
${dotProductKernels()}
${sparseKernels()}
${elementwiseKernels()}
${stepFunctions()}
)`;
}
