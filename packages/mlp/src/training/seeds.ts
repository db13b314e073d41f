import { deriveSeed, SeededRandom } from '@nn/linalg';

/**
 * The random streams of a fit, each derived from (seed, epoch[, thread]) alone, so that resuming after epoch e
 * replays epoch e + 1 exactly as an uninterrupted run would.
 */

/** The first key of each stream's seed, so that no two streams of a run share one. */
const SHUFFLE = 0x5348;
const DROPOUT = 0x4450;

/** The seed of epoch `epoch`'s shuffle stream. */
export function shuffleSeed(seed: number, epoch: number): number {
  return deriveSeed(seed, SHUFFLE, epoch);
}

/** The seed of epoch `epoch`'s dropout masks on thread `replica` (0 in a single-threaded fit). */
export function dropoutSeed(seed: number, epoch: number, replica: number): number {
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
