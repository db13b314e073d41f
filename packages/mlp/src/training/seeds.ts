import { deriveSeed, SeededRandom } from '@nn/linalg';

/**
 * The random streams of a fit, each derived from (seed, epoch[, thread]) alone, so that resuming after epoch e
 * replays epoch e + 1 exactly as an uninterrupted run would.
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

/** The seed of epoch `epoch`'s dropout masks on thread `replica` (0 in a single-threaded fit). */
function dropoutSeed(seed: number, epoch: number, replica: number): number {
  return deriveSeed(seed, DROPOUT, epoch, replica);
}

/** The dropout masks' stream of one thread, renewed at each epoch. */
export class DropoutStream {
  private epoch = -1;
  private rng = new SeededRandom(0);

  constructor(
    private readonly seed: number,
    private readonly replica: number,
  ) {}

  forEpoch(epoch: number): SeededRandom {
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.rng = new SeededRandom(dropoutSeed(this.seed, epoch, this.replica));
    }
    return this.rng;
  }
}
