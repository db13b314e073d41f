// The whole kernel module as WAT text. The memory is imported so JavaScript can own it: shared where
// SharedArrayBuffer exists (growing it keeps existing views valid), plain otherwise.
import { denseKernels } from './dense.mjs';
import { dotProductKernels } from './dot-products.mjs';
import { elementwiseKernels } from './elementwise.mjs';
import { sparseKernels } from './sparse.mjs';

/** Pages of 64 KiB: 1 GiB at most, reserved as address space only. */
export const MAX_PAGES = 16384;

export function kernelModuleWat({ shared }) {
  return `(module
(import "env" "memory" (memory 1 ${MAX_PAGES}${shared ? ' shared' : ''}))
${denseKernels()}
${dotProductKernels()}
${sparseKernels()}
${elementwiseKernels()}
)`;
}
