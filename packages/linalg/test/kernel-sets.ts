import { type KernelSet, loadWasmKernels, typescriptKernels, wasmKernels } from '../src/internal';

function required(set: KernelSet | undefined, what: string): KernelSet {
  if (!set) throw new Error(`kernel tests: ${what} did not load (this Node has no WebAssembly SIMD?)`);
  return set;
}

/** The default wasm set: shared memory, arrays from its `allocate` read in place. */
export const WASM_KERNELS = required(wasmKernels(), 'the WebAssembly SIMD kernel set');
/** The same kernels over a plain memory, as in browsers without cross-origin isolation: every call copies. */
export const WASM_COPYING_KERNELS = required(loadWasmKernels({ sharedMemory: false }), 'the plain-memory wasm set');

/** Every kernel implementation the kernel tests check against the naive reference. */
export const KERNEL_SETS: KernelSet[] = [typescriptKernels, WASM_KERNELS, WASM_COPYING_KERNELS];
