import { deriveSeed, mixKey, SeededRandom, uniformAt } from '@nn/linalg';
import type { DropoutDraws } from '../model/dropout';

/**
 * The random numbers of a fit, each derived from (seed, epoch[, sample]) alone, so that resuming after epoch e
 * replays epoch e + 1 exactly as an uninterrupted run would, on any number of threads.
 */

/** The first key of each stream's seed, so that no two streams of a run share one. */
const SHUFFLE = 0x5348;
const DROPOUT = 0x4450;

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

  constructor(private readonly seed: number) {}

  batch(epoch: number, order: Int32Array, start: number): this {
    // Once per epoch, not per step: deriveSeed takes its keys as a rest array.
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.epochSeed = deriveSeed(this.seed, DROPOUT, epoch);
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
}
