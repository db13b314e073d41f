import type { KernelSet } from './kernel-set';
import type { WasmHeap } from './wasm-heap';

/**
 * The whole-training-step functions of the kernel module (wasm/step.mjs). They take only i32 addresses: the
 * plan (layout in `PLAN`) names every buffer, and the figures a step produces are written to memory.
 */
export interface StepExports {
  /**
   * The batch's per-input lines from its per-sample ones, forward, loss, correct count and, when the loss is finite,
   * backward for a batch of `batchSize`; `checked` 1 also checks that every gradient is finite (results[1]).
   */
  stepGradients(plan: number, batchSize: number, checked: number): void;
  /**
   * Weight decay and the optimiser's update, from the plan's gradients, of the parameters whose place in the list
   * of every parameter (W then b, layer by layer, back to back) is in [from, to): all of them, or one data-parallel
   * thread's share.
   */
  stepUpdate(plan: number, from: number, to: number): void;
}

/** The step functions and the memory they work in: only for a set whose arrays live in shared memory. */
export interface StepKernels {
  readonly exports: StepExports;
  readonly memory: WebAssembly.Memory;
  /** True when `array` is a view of that memory (so its byteOffset is its address there). */
  contains(array: Float32Array | Int32Array): boolean;
}

/**
 * Where things sit in a plan (words of 4 bytes from its start): a 16-word header, then one 16-word record per
 * layer. `results` points at an f64 loss, an f64 gradient check and an i32 correct count (word 4); `hyper` at
 * f64 β1, β2, Adam's step size, Adam's ε, the learning rate, the weight decay and the momentum.
 */
export const PLAN = {
  headerWords: 16,
  layerWords: 16,
  header: {
    layers: 0,
    inputSize: 1,
    lossIsMse: 2,
    sampleOffsets: 3,
    sampleIndices: 4,
    sampleValues: 5,
    inputOffsets: 6,
    inputIndices: 7,
    inputValues: 8,
    y: 9,
    labels: 10,
    scratch: 11,
    results: 12,
    hyper: 13,
    optimizer: 14,
    /**
     * Where the sparse kernels copy each 16-float chunk of a dense operand's rows together (max(inputs, batch) · 16
     * floats, starting on a 64-byte boundary).
     */
    packScratch: 15,
  },
  layer: {
    units: 0,
    inputs: 1,
    activation: 2,
    w: 3,
    b: 4,
    z: 5,
    a: 6,
    dz: 7,
    da: 8,
    dw: 9,
    db: 10,
    slots: 11,
  },
  /** Activation codes, by index. */
  activations: ['relu', 'sigmoid', 'tanh', 'softmax'],
  /** Optimiser codes, by index. */
  optimizers: ['sgd', 'momentum', 'nesterov', 'adam'],
} as const;

const stepKernels = new WeakMap<KernelSet, StepKernels>();

/** Called by the loader for each instantiated module; a set over a plain (copying) memory gets none. */
export function registerStepKernels(set: KernelSet, exports: StepExports, heap: WasmHeap): void {
  if (!heap.shared) return;
  stepKernels.set(set, { exports, memory: heap.memory, contains: (array) => heap.contains(array) });
}

/** The step functions of `set` when it is the WebAssembly set over shared memory, else undefined. */
export function stepKernelsOf(set: KernelSet): StepKernels | undefined {
  return stepKernels.get(set);
}
