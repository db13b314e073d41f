import { SeededRandom } from '@nn/linalg';

/**
 * The random streams of a fit, each derived from (seed, epoch[, thread]) alone, so that resuming after epoch e
 * replays epoch e + 1 exactly as an uninterrupted run would.
 */

/** The seed of epoch `epoch`'s shuffle stream. */
export function epochSeed(seed: number, epoch: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(epoch, 0x85ebca6b)) >>> 0;
}

/** The seed of epoch `epoch`'s dropout masks on thread `replica` (0 in a single-threaded fit). */
export function dropoutSeed(seed: number, epoch: number, replica: number): number {
  return (epochSeed(seed ^ 0x5bd1e995, epoch) ^ Math.imul(replica, 0x27d4eb2f)) >>> 0;
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
