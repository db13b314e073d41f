import type { KernelExports } from './kernel-exports';
import type { KernelSet } from './kernel-set';
import { type KernelArena, registerSharedMemory } from './shared-kernel-memory';
import { MAX_PAGES, PLAIN_MEMORY_MODULE, SHARED_MEMORY_MODULE, SIMD_PROBE_MODULE } from './wasm-binary';
import { WasmHeap } from './wasm-heap';
import { wasmKernelSet } from './wasm-kernels';
import { registerStepKernels, type StepExports } from './wasm-step';

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** True when this runtime runs 128-bit WebAssembly SIMD. */
export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(decodeBase64(SIMD_PROBE_MODULE));
}

/** How to set the kernels up. */
export interface WasmKernelOptions {
  /**
   * Use a shared memory where the runtime allows one (the default), so arrays from `allocate` live
   * in it and are read in place; false gives a plain memory and copies operands on every call.
   */
  sharedMemory?: boolean;
  /**
   * Work inside a part of another thread's kernel memory (`SharedKernelMemory.lendArena`), so the kernels of both
   * threads read each other's arrays in place. Allocations that do not fit there become ordinary arrays.
   */
  arena?: KernelArena;
}

/** A shared memory where cross-origin isolation (or Node) allows one, else a plain one. */
function createHeap(options: WasmKernelOptions): { heap: WasmHeap; bytes: Uint8Array<ArrayBuffer> } {
  const { arena } = options;
  if (arena) return { heap: new WasmHeap(arena.memory, true, arena), bytes: decodeBase64(SHARED_MEMORY_MODULE) };
  if (options.sharedMemory !== false && typeof SharedArrayBuffer === 'function') {
    try {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
      return { heap: new WasmHeap(memory, true), bytes: decodeBase64(SHARED_MEMORY_MODULE) };
    } catch {
      // Shared memory refused (e.g. a browser page without cross-origin isolation): copy instead.
    }
  }
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
  return { heap: new WasmHeap(memory, false), bytes: decodeBase64(PLAIN_MEMORY_MODULE) };
}

function instantiate(module: WebAssembly.Module, heap: WasmHeap): KernelSet {
  const { exp, log, tanh } = Math;
  const instance = new WebAssembly.Instance(module, { env: { memory: heap.memory }, Math: { exp, log, tanh } });
  const set = wasmKernelSet(instance.exports as unknown as KernelExports, heap);
  registerStepKernels(set, instance.exports as unknown as StepExports, heap);
  registerSharedMemory(set, heap);
  return set;
}

/**
 * The WebAssembly SIMD kernel set, compiled synchronously; undefined without SIMD support or where
 * synchronous compilation is refused (browsers' main threads allow only tiny modules: use
 * `loadWasmKernelsAsync` there).
 */
export function loadWasmKernels(options: WasmKernelOptions = {}): KernelSet | undefined {
  if (!simdSupported()) return undefined;
  const { heap, bytes } = createHeap(options);
  try {
    return instantiate(new WebAssembly.Module(bytes), heap);
  } catch {
    return undefined;
  }
}

/** The same, compiled asynchronously (works on browsers' main threads). */
export async function loadWasmKernelsAsync(options: WasmKernelOptions = {}): Promise<KernelSet | undefined> {
  if (!simdSupported()) return undefined;
  const { heap, bytes } = createHeap(options);
  return instantiate(await WebAssembly.compile(bytes), heap);
}
