import type { KernelSet } from './kernel-set';
import { typescriptKernels } from './typescript-kernels';

let active: KernelSet = typescriptKernels;

/** The kernel set every Matrix operation uses. */
export function kernels(): KernelSet {
  return active;
}

/** Swap the kernel set (tests compare implementations; benchmarks measure each). Returns the previous one. */
export function useKernels(next: KernelSet): KernelSet {
  const previous = active;
  active = next;
  return previous;
}
