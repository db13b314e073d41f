import type { KernelSet } from './kernel-set';
import type { WasmHeap } from './wasm-heap';
import { classOf } from './wasm-heap';

/**
 * A part of one thread's shared kernel memory, lent to another thread (structured-cloneable: post it to a worker).
 * That thread's kernels, loaded with `loadWasmKernels({ arena })`, allocate only inside [from, to), so the
 * threads' arrays share one memory and each thread's kernels read the other's in place.
 */
export interface KernelArena {
  readonly memory: WebAssembly.Memory;
  readonly from: number;
  readonly to: number;
  /** Never used before: still zeros, so the borrower need not clear what it allocates there. */
  readonly clean: boolean;
}

/** The shared memory of a WebAssembly kernel set, for threads that work on each other's arrays. */
export interface SharedKernelMemory {
  readonly memory: WebAssembly.Memory;
  /** True when `array` is a view of this memory (its byteOffset is then its address). */
  contains(array: Float32Array | Int32Array): boolean;
  /**
   * Lends `bytes` of this memory to another thread; undefined when the memory cannot grow that far. Give it back
   * with `returnArena` only once that thread has ended: until then it may still write there. A borrower that
   * needs more grows the memory for it; those pages stay used until the memory goes.
   */
  lendArena(bytes: number): KernelArena | undefined;
  returnArena(arena: KernelArena): void;
  /** Another thread's array in this memory: `length` floats at `address`, read and written in place. */
  floatsAt(address: number, length: number): Float32Array;
}

const sharedMemories = new WeakMap<KernelSet, SharedKernelMemory>();

/** Called by the loader for each set over a shared memory. */
export function registerSharedMemory(set: KernelSet, heap: WasmHeap): void {
  if (!heap.shared) return;
  sharedMemories.set(set, {
    memory: heap.memory,
    contains: (array) => heap.contains(array),
    lendArena(bytes) {
      let block: { address: number; sizeClass: number; fresh: boolean };
      try {
        block = heap.allocateScratch(bytes);
      } catch {
        return undefined;
      }
      return { memory: heap.memory, from: block.address, to: block.address + bytes, clean: block.fresh };
    },
    returnArena: (arena) => heap.free(arena.from, classOf(arena.to - arena.from)),
    floatsAt: (address, length) => heap.floatsAt(address, length),
  });
}

/** The shared memory of `set` when it is the WebAssembly set over one, else undefined. */
export function sharedKernelMemoryOf(set: KernelSet): SharedKernelMemory | undefined {
  return sharedMemories.get(set);
}
