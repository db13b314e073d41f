import type { KernelSet } from './kernel-set';
import { typescriptKernels } from './typescript-kernels';
import { loadWasmKernels, loadWasmKernelsAsync } from './wasm-loader';

/** `NN_KERNELS=typescript` forces the reference kernels (benchmarks and debugging). */
const forced = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NN_KERNELS;

/** The WebAssembly SIMD set when the runtime has SIMD, else undefined. Loaded once, on first use. */
let wasm: KernelSet | undefined | null = null;
export function wasmKernels(): KernelSet | undefined {
  if (wasm === null) wasm = loadWasmKernels();
  return wasm;
}

let active: KernelSet = forced === 'typescript' ? typescriptKernels : (wasmKernels() ?? typescriptKernels);

// Where synchronous compilation was refused (a browser's main thread) but SIMD exists, switch
// once the asynchronous compile is done, unless someone chose a set meanwhile.
if (active === typescriptKernels && forced !== 'typescript' && wasm === undefined) {
  loadWasmKernelsAsync()
    .then((loaded) => {
      if (loaded && active === typescriptKernels) {
        wasm = loaded;
        active = loaded;
      }
    })
    .catch(() => {});
}

/** The kernel set every Matrix operation uses: WebAssembly SIMD where supported, else TypeScript. */
export function kernels(): KernelSet {
  return active;
}

/** Swap the kernel set (tests compare implementations; benchmarks measure each). Returns the previous one. */
export function useKernels(next: KernelSet): KernelSet {
  const previous = active;
  active = next;
  return previous;
}
