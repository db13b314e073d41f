import { deriveSeed, mixKey, SeededRandom, uniformAt } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import type { DropoutDraws } from '../model/dropout';

/**
 * The random numbers of a fit, each derived from (seed, epoch[, sample]) alone, so that resuming after epoch e
 * replays epoch e + 1 exactly as an uninterrupted run would, on any number of threads.
 */

/** The first key of each stream's seed, so that no two streams of a run share one. */
const SHUFFLE = 0x5348;
const DROPOUT = 0x4450;
/** Hidden layers whose masks `maskInto` draws in a kernel; deeper ones (rare) take `fill`'s path. */
const MASKED_LAYERS = 16;

/**
 * Puts `order` (0 … n − 1) in epoch `epoch`'s order, which depends only on (seed, epoch): resuming replays it exactly.
 * A function of its own, not a loop inside fit(): an async function with a hot loop gets optimised whole, step
 * and all, and V8 then runs out of inlining budget before the step's innermost calls (their numbers get boxed).
 */
export function shuffleEpoch(order: Int32Array, seed: number, epoch: number): void {
  for (let i = 0; i < order.length; i++) order[i] = i;
  new SeededRandom(deriveSeed(seed, SHUFFLE, epoch)).shuffle(order);
}

/**
 * Dropout numbers that depend only on (seed, epoch, sample, layer, unit): a sample gets the same mask in a batch of
 * any size, on any thread, and again when a resumed run replays its epoch. `batch(epoch, order, start)` says which
 * samples the next batch's columns are (`order[start + j]`), as the path gathered them.
 */
export class SampleDropout implements DropoutDraws {
  private epoch = -1;
  private epochSeed = 0;
  private order: Int32Array = new Int32Array(0);
  private start = 0;
  /** The batch's sample numbers for `maskInto`'s kernel, which writes their streams over them (kernel memory). */
  private keys: Int32Array = new Int32Array(0);
  /** The epoch's stream seed of each hidden layer, mixKey(epoch's seed, layer), as int32 bits. */
  private readonly layerSeeds = new Int32Array(MASKED_LAYERS);
  /** The last rate `maskInto` was given, its `dropThreshold` and 1/(1 − rate). */
  private rate = Number.NaN;
  private threshold = 0;
  private keep = 1;

  constructor(private readonly seed: number) {}

  batch(epoch: number, order: Int32Array, start: number): this {
    // Once per epoch, not per step: deriveSeed takes its keys as a rest array.
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.epochSeed = deriveSeed(this.seed, DROPOUT, epoch);
      for (let layer = 0; layer < MASKED_LAYERS; layer++) this.layerSeeds[layer] = mixKey(this.epochSeed, layer);
    }
    this.order = order;
    this.start = start;
    return this;
  }

  fill(layer: number, draws: Float32Array, units: number, samples: number): void {
    const layerSeed = mixKey(this.epochSeed, layer);
    for (let j = 0; j < samples; j++) {
      const sampleSeed = mixKey(layerSeed, this.order[this.start + j]!);
      for (let i = 0; i < units; i++) draws[i * samples + j] = uniformAt(sampleSeed, i);
    }
  }

  /**
   * `fill`'s numbers compared with the rate as their 32 bits, in one kernel call that also derives each sample's
   * stream (`dropThreshold` says why this is exact). Passes only integers and cached fields, so that a step boxes
   * no number for it.
   */
  maskInto(
    layer: number,
    a: Float32Array,
    mask: Float32Array,
    dropped: Float32Array,
    units: number,
    samples: number,
    rate: number,
  ): boolean {
    if (rate !== this.rate) {
      this.rate = rate;
      this.threshold = dropThreshold(rate);
      this.keep = 1 / (1 - rate);
    }
    if (this.threshold >= 4294967296 || layer >= this.layerSeeds.length) return false;
    if (this.keys.length < samples) this.keys = kernels().allocateInts(samples);
    const { keys, order, start } = this;
    for (let j = 0; j < samples; j++) keys[j] = order[start + j]!;
    kernels().dropoutMask(units, samples, keys, this.layerSeeds[layer]!, this.threshold, this.keep, a, mask, dropped);
    return true;
  }
}

/**
 * The least 32-bit draw b that `applyDropout` keeps at `rate`: it stores uniformAt's b / 2³² in a Float32Array and
 * drops when that float32 is below the rate, and rounding is monotonic, so the dropped draws are exactly [0, b).
 * 2³² when none is kept.
 */
export function dropThreshold(rate: number): number {
  let low = 0;
  let high = 4294967296;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (Math.fround(mid / 4294967296) >= rate) high = mid;
    else low = mid + 1;
  }
  return low;
}
