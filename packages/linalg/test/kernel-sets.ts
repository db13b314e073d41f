import { type KernelSet, typescriptKernels } from '../src/index';

/** Every kernel implementation the kernel tests check against the naive reference. */
export const KERNEL_SETS: KernelSet[] = [typescriptKernels];
