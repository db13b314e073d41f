import type { BatchPath } from '../step-path';
import { GradientSum } from './gradient-sum';
import type { StepChannel } from './step-channel';

/**
 * One thread's part of a data-parallel step: it gathers its shard of the batch (replica r takes the r-th of
 * `replicas` near-equal consecutive slices) and computes that shard's gradients with its `path`, exchanges them
 * through the channel, and applies the same summed gradients as every other replica, so all weights stay identical.
 */
export class Replica {
  private readonly shardWeights: Float64Array;
  private readonly result = { loss: 0, correct: 0, finite: true, absoluteError: 0 };
  private readonly gradientSum: GradientSum;
  /** The batch whose shard the path holds gathered (gathered ahead, while waiting for the other replicas). */
  private readonly gathered = { epoch: 0, start: -1, size: 0 };

  constructor(
    readonly index: number,
    private readonly channel: StepChannel,
    private readonly path: BatchPath,
    /** The epoch's sample order (shared; the coordinator shuffles it before the epoch's first request). */
    private readonly order: Int32Array,
    private readonly batchSize: number,
  ) {
    this.shardWeights = new Float64Array(channel.replicas);
    this.gradientSum = new GradientSum(channel, index, path.gradientList);
  }

  /**
   * Step `step` on samples order[start … start + size) at the optimiser's learning rate; false when the loss or
   * gradient was not finite (nothing applied).
   */
  step(step: number, epoch: number, start: number, size: number): boolean {
    this.compute(epoch, start, size);
    this.postAndPrefetch(step, epoch, start, size);
    return this.combineAndApply(step);
  }

  /** The first part of a step: this shard's gradients (not yet posted). */
  compute(epoch: number, start: number, size: number): void {
    const { path, result, channel, shardWeights } = this;
    const replicas = channel.replicas;
    for (let r = 0; r < replicas; r++) shardWeights[r] = shardSize(r, replicas, size) / size;
    const count = shardSize(this.index, replicas, size);
    result.loss = 0;
    result.correct = 0;
    result.absoluteError = 0;
    if (count > 0) {
      const gathered = this.gathered;
      if (gathered.epoch !== epoch || gathered.start !== start || gathered.size !== size) {
        this.gatherShard(epoch, start, size);
      }
      path.computeGradients(count, epoch, result);
    } else {
      for (const gradient of path.gradientList) gradient.fill(0);
    }
  }

  /**
   * The second part: the gradients posted to the channel (once everyone has read the previous step's), then
   * the next shard gathered while the other replicas finish theirs.
   */
  postAndPrefetch(step: number, epoch: number, start: number, size: number): void {
    const { result, path } = this;
    this.channel.post(this.index, step, path.gradientList, result);
    // While the other replicas finish their shards: gather this replica's shard of the epoch's next batch
    // (the order stays fixed within an epoch; the coordinator's next request almost always asks for it).
    const next = start + size;
    const { batchSize, order } = this;
    if (next < order.length) this.gatherShard(epoch, next, Math.min(batchSize, order.length - next));
  }

  /** The last part: once every replica has posted, the summed gradients and the update (false: not finite). */
  combineAndApply(step: number): boolean {
    const { channel, shardWeights } = this;
    const finite = channel.awaitPosts(step, shardWeights) && this.gradientSum.sum(shardWeights);
    channel.release(this.index, step);
    if (!finite) return false;
    this.path.applyGradients();
    return true;
  }

  /** Gathers this replica's shard of the batch order[start … start + size). */
  private gatherShard(epoch: number, start: number, size: number): void {
    const replicas = this.channel.replicas;
    const count = shardSize(this.index, replicas, size);
    const gathered = this.gathered;
    gathered.epoch = epoch;
    gathered.start = start;
    gathered.size = size;
    if (count === 0) return;
    this.path.gather(start + shardStart(this.index, replicas, size), count, epoch);
  }

  /** Writes the mean loss and correct count of the whole batch of the last step into `into`. */
  totals(into: { loss: number; correct: number }): void {
    this.channel.totals(this.shardWeights, into);
  }
}

/** Samples of a `size` batch in shard `index` of `replicas`: the first size mod replicas shards take one more. */
export function shardSize(index: number, replicas: number, size: number): number {
  return Math.floor(size / replicas) + (index < size % replicas ? 1 : 0);
}

function shardStart(index: number, replicas: number, size: number): number {
  return index * Math.floor(size / replicas) + Math.min(index, size % replicas);
}
