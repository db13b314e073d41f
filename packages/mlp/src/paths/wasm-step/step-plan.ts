import { kernels, PLAN, type StepKernels } from '@nn/linalg/internal';
import type { Network } from '../../model/network';

/** Floats of each dense row the sparse kernels copy into their scratch at a time (see sparse.mjs's drivers). */
const PACK_CHUNK = 16;

/** One layer's arrays in kernel memory, in the path's layout (layer 0's W and dW are transposed: [in, out]). */
export interface PlanLayer {
  readonly units: number;
  readonly inputs: number;
  readonly w: Float32Array;
  readonly b: Float32Array;
  readonly dw: Float32Array;
  readonly db: Float32Array;
  /** The optimiser's two slots per parameter (Adam's m and v, SGD's velocity), empty arrays where unused. */
  readonly slots: [Float32Array, Float32Array, Float32Array, Float32Array];
}

/**
 * The wasm step's memory, allocated once per fit: every layer's weights, gradients and optimiser slots, the
 * per-batch buffers (z, a, dz, da sized for the largest batch seen), scratch, and the plan that gives their
 * addresses to stepGradients / stepUpdate (layout: PLAN in @nn/linalg). `results` and `hyper` are f64 views of
 * memory the step reads and writes, so no number crosses a call.
 */
export class StepPlan {
  readonly layers: PlanLayer[];
  readonly plan: Int32Array;
  /** [loss, gradient check]; the correct count is `counts[0]`. */
  readonly results: Float64Array;
  readonly counts: Int32Array;
  /** β1, β2, Adam's step size, Adam's ε, learning rate, weight decay, momentum. */
  readonly hyper: Float64Array;
  /** Every array allocated here, kept referenced: a collected view hands its block back to the heap. */
  private readonly owned: (Float32Array | Int32Array)[] = [];
  private capacity = 0;

  constructor(
    private readonly step: StepKernels,
    network: Network,
    activationCodes: number[],
    lossIsMse: boolean,
    optimizerCode: number,
    slotsUsed: number,
  ) {
    const count = network.layers.length;
    this.plan = this.ints(PLAN.headerWords + PLAN.layerWords * count);
    const blocks = this.floats(32); // 128 bytes: results at 0, correct count at 16, hyper at 32…88
    this.results = new Float64Array(blocks.buffer, blocks.byteOffset, 2);
    this.counts = new Int32Array(blocks.buffer, blocks.byteOffset + 16, 1);
    this.hyper = new Float64Array(blocks.buffer, blocks.byteOffset + 32, 7);
    const empty = new Float32Array(0);
    this.layers = network.layers.map((layer) => {
      const units = layer.weights.rows;
      const inputs = layer.weights.cols;
      const slot = (n: number, k: number) => (k < slotsUsed ? this.floats(n) : empty);
      const size = units * inputs;
      return {
        units,
        inputs,
        w: this.floats(size),
        b: this.floats(units),
        dw: this.floats(size),
        db: this.floats(units),
        slots: [slot(size, 0), slot(units, 0), slot(size, 1), slot(units, 1)],
      };
    });
    const { header } = PLAN;
    const plan = this.plan;
    plan[header.layers] = count;
    plan[header.inputSize] = network.inputSize;
    plan[header.lossIsMse] = lossIsMse ? 1 : 0;
    plan[header.results] = blocks.byteOffset;
    plan[header.hyper] = blocks.byteOffset + 32;
    plan[header.optimizer] = optimizerCode;
    this.layers.forEach((layer, l) => {
      const record = this.record(l);
      record[PLAN.layer.units] = layer.units;
      record[PLAN.layer.inputs] = layer.inputs;
      record[PLAN.layer.activation] = activationCodes[l]!;
      record[PLAN.layer.w] = layer.w.byteOffset;
      record[PLAN.layer.b] = layer.b.byteOffset;
      record[PLAN.layer.dw] = layer.dw.byteOffset;
      record[PLAN.layer.db] = layer.db.byteOffset;
      layer.slots.forEach((s, k) => {
        record[PLAN.layer.slots + k] = s.byteOffset;
      });
    });
  }

  /** The plan's address, as the step functions take it. */
  get address(): number {
    return this.plan.byteOffset;
  }

  /** Makes the per-batch buffers hold `size` samples (reallocated only when a larger batch comes). */
  reserve(size: number): void {
    // The growth is a method of its own: its closure would make V8 allocate a context on every call of this one.
    if (size > this.capacity) this.grow(size);
  }

  private grow(size: number): void {
    this.capacity = size;
    // The smaller buffers stay owned until the fit ends: a fit's first batch is almost always its largest.
    const batchArray = (length: number) => this.floats(length).byteOffset;
    const first = this.layers[0]!;
    let scratch = first.units * size;
    for (const [l, layer] of this.layers.entries()) {
      if (l > 0) scratch = Math.max(scratch, layer.units * layer.inputs);
      const record = this.record(l);
      for (const word of [PLAN.layer.z, PLAN.layer.a, PLAN.layer.dz, PLAN.layer.da]) {
        record[word] = batchArray(layer.units * size);
      }
    }
    this.plan[PLAN.header.scratch] = batchArray(scratch);
    // The sparse kernels' 16-float chunks of W1ᵀ's rows (or dz1ᵀ's), each read in 64-byte pieces: one cache line
    // each, as a heap block this large starts on a line.
    this.plan[PLAN.header.packScratch] = this.floats(Math.max(first.inputs, size) * PACK_CHUNK).byteOffset;
  }

  /** The output layer's activations of the last step (outputs × size, row-major), a view for tests. */
  outputs(size: number): Float32Array {
    const last = this.layers.length - 1;
    const address = this.record(last)[PLAN.layer.a]!;
    return new Float32Array(this.step.memory.buffer, address, this.layers[last]!.units * size);
  }

  private record(l: number): Int32Array {
    const start = PLAN.headerWords + PLAN.layerWords * l;
    return this.plan.subarray(start, start + PLAN.layerWords);
  }

  private floats(length: number): Float32Array {
    return this.checked(kernels().allocate(length));
  }

  private ints(length: number): Int32Array {
    return this.checked(kernels().allocateInts(length));
  }

  private checked<T extends Float32Array | Int32Array>(array: T): T {
    if (!this.step.contains(array)) throw new RangeError('wasm-step: WebAssembly memory could not grow for the step');
    this.owned.push(array);
    return array;
  }
}
