import { type KernelSet, typescriptKernels, wasmKernels } from '../src/index';

const wasm = wasmKernels();
if (!wasm) throw new Error('kernel tests: this Node has no WebAssembly SIMD, so the wasm kernel set cannot be checked');

/** Every kernel implementation the kernel tests check against the naive reference. */
export const KERNEL_SETS: KernelSet[] = [typescriptKernels, wasm];
