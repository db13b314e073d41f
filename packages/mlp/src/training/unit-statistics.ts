import type { Matrix } from '@nn/linalg';

/** Test images kept per unit by default: a screenful of digits that shows what the unit responds to. */
export const TOP_SAMPLES_PER_UNIT = 12;

/** One of the samples that excite a unit most: its index in the data set and the unit's activation a = f(z). */
export interface UnitSample {
  index: number;
  activation: number;
}

/**
 * What the first hidden layer's units do on a data set (measured during `evaluate`'s forward pass).
 * A unit *fires* on a sample when its pre-activation z = w·x + b is positive: for relu and leaky relu that is
 * a > 0, for sigmoid a > 0.5, for tanh a > 0. A unit that fires on no sample is dead on that data set.
 */
export interface UnitStatistics {
  /** Samples evaluated. */
  samples: number;
  /** Per unit: on how many samples it fired (z > 0). */
  active: Int32Array;
  /** Per unit: the Euclidean norm of its weight row (the bias left out). */
  weightNorms: Float32Array;
  /** Per unit: the samples with the highest z, highest first (ties: lower index first), at most `top` of them. */
  top: UnitSample[][];
}

/**
 * Accumulates UnitStatistics batch by batch over the z and a buffers the evaluation computes anyway: a count
 * and a small top-k per unit, so it costs a compare or two per unit and sample, not a second pass.
 */
export class UnitStatisticsAccumulator {
  private readonly active: Int32Array;
  /** Per unit, `k` slots of (sample, z, a); `filled[u]` in use; `lowest[u]` is the slot holding the smallest z. */
  private readonly indices: Int32Array;
  private readonly keys: Float32Array;
  private readonly activations: Float32Array;
  private readonly filled: Int32Array;
  private readonly lowest: Int32Array;
  private samples = 0;

  constructor(
    private readonly units: number,
    private readonly k: number = TOP_SAMPLES_PER_UNIT,
  ) {
    this.active = new Int32Array(units);
    this.indices = new Int32Array(units * k);
    this.keys = new Float32Array(units * k);
    this.activations = new Float32Array(units * k);
    this.filled = new Int32Array(units);
    this.lowest = new Int32Array(units);
  }

  // z, a: [units, B]; the batch's samples are firstSample … firstSample + B − 1, in order
  add(z: Matrix, a: Matrix, firstSample: number): void {
    const { units } = this;
    const size = z.cols;
    const zs = z.data;
    for (let u = 0; u < units; u++) {
      const row = u * size;
      let fired = 0;
      // The z a sample must beat to enter the unit's top k (any z while it has free slots).
      let bar = this.bar(u);
      for (let j = 0; j < size; j++) {
        const value = zs[row + j]!;
        fired += +(value > 0); // branch-free: whether a unit fires is close to a coin toss
        // Later samples replace only a strictly smaller z: on ties the earlier sample stays.
        if (value > bar) {
          this.keep(u, firstSample + j, value, a.data[row + j]!);
          bar = this.bar(u);
        }
      }
      this.active[u]! += fired;
    }
    this.samples += size;
  }

  /** The statistics so far, with the norms of `weights` ([units, inputs]). */
  result(weights: Matrix): UnitStatistics {
    const { units, k } = this;
    const weightNorms = new Float32Array(units);
    for (let u = 0; u < units; u++) {
      let sum = 0;
      for (let i = u * weights.cols; i < (u + 1) * weights.cols; i++) sum += weights.data[i]! ** 2;
      weightNorms[u] = Math.sqrt(sum);
    }
    const top = Array.from({ length: units }, (_, u) => {
      const kept = Array.from({ length: this.filled[u]! }, (_, s) => ({
        index: this.indices[u * k + s]!,
        key: this.keys[u * k + s]!,
        activation: this.activations[u * k + s]!,
      }));
      kept.sort((p, q) => q.key - p.key || p.index - q.index);
      return kept.map(({ index, activation }) => ({ index, activation }));
    });
    return { samples: this.samples, active: this.active.slice(), weightNorms, top };
  }

  private bar(u: number): number {
    return this.filled[u]! < this.k ? Number.NEGATIVE_INFINITY : this.keys[u * this.k + this.lowest[u]!]!;
  }

  private keep(u: number, index: number, key: number, activation: number): void {
    const { k } = this;
    const base = u * k;
    const slot = this.filled[u]! < k ? this.filled[u]!++ : this.lowest[u]!;
    this.indices[base + slot] = index;
    this.keys[base + slot] = key;
    this.activations[base + slot] = activation;
    // Find the new smallest key (ties: the latest sample goes first, so earlier samples win ties).
    let lowest = 0;
    for (let s = 1; s < this.filled[u]!; s++) {
      const key_s = this.keys[base + s]!;
      const key_l = this.keys[base + lowest]!;
      if (key_s < key_l || (key_s === key_l && this.indices[base + s]! > this.indices[base + lowest]!)) lowest = s;
    }
    this.lowest[u] = lowest;
  }
}
