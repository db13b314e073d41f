import type { ParameterRange } from '../../training/optimizers/optimizer';
import type { BatchPath } from '../step-path';
import { GradientSum } from './gradient-sum';
import {
  copyFromShared,
  copyToShared,
  type LinkedPiece,
  piecesOutside,
  piecesWithin,
  SPLIT_UPDATE_FROM,
  shareOf,
} from './parameter-share';
import type { StepChannel } from './step-channel';

/**
 * One thread's part of a data-parallel step: it gathers its shard of the batch (replica r takes the r-th of
 * `replicas` near-equal consecutive slices) and computes that shard's gradients with its `path`, posts the
 * gradients the others' shares need, sums everyone's over its own share of the parameters (see parameter-share.ts),
 * updates that share, publishes it and copies in the others' updated shares, so all weights stay identical.
 * The threads wait for each other after posting, after summing (so all know whether every share was finite
 * before anyone updates) and after publishing. A network under SPLIT_UPDATE_FROM parameters is not split: every
 * replica's share is all of it, so the threads wait only after posting, and each computes the same sums.
 */
export class Replica {
  private readonly shardWeights: Float64Array;
  private readonly result = { loss: 0, correct: 0, finite: true, absoluteError: 0 };
  private readonly gradientSum: GradientSum;
  /** The parameters this replica updates. */
  private readonly share: ParameterRange;
  /** Whether the replicas split the update (else each sums and updates all parameters). */
  readonly splitsUpdate: boolean;
  /** Whether the last sum (this replica's share of it) was finite and every shard's loss too. */
  private summedFinite = false;
  /** This replica's gradients outside its share, linked to its slot (what the others sum). */
  private readonly posted: LinkedPiece[];
  /** Its share of the weights, linked to the same places of its slot (published after its update). */
  private readonly published: LinkedPiece[];
  /** The other replicas' shares of the weights, linked to their slots (copied in once everyone has published). */
  private readonly collected: LinkedPiece[];
  /** The last step whose weights this replica copied in. */
  private lastStep = 0;
  /** The batch whose shard the path holds gathered (gathered ahead, while waiting for the other replicas). */
  private readonly gathered = { epoch: 0, start: -1, size: 0 };

  constructor(
    readonly index: number,
    private readonly channel: StepChannel,
    private readonly path: BatchPath,
    /** The epoch's sample order (shared; the coordinator shuffles it before the epoch's first request). */
    private readonly order: Int32Array,
    private readonly batchSize: number,
    /** Whether to split the update (`DataParallelOptions.splitUpdate`); by the parameter count when undefined. */
    splitUpdate?: boolean,
  ) {
    this.shardWeights = new Float64Array(channel.replicas);
    const { replicas, parameterCount } = channel;
    this.splitsUpdate = replicas > 1 && (splitUpdate ?? parameterCount >= SPLIT_UPDATE_FROM);
    this.share = this.splitsUpdate ? shareOf(index, replicas, parameterCount) : { from: 0, to: parameterCount };
    path.updateOnly(this.share);
    this.gradientSum = new GradientSum(channel, index, path.gradientList, this.share);
    const slot = channel.slot(index);
    this.posted = this.splitsUpdate
      ? piecesOutside(path.gradientList, slot, this.share)
      : piecesWithin(path.gradientList, slot, this.share);
    this.published = this.splitsUpdate ? piecesWithin(path.parameterList, slot, this.share) : [];
    this.collected = this.splitsUpdate ? this.othersShares(path.parameterList) : [];
  }

  /**
   * Step `step` on samples order[start … start + size) at the optimiser's learning rate; false when the loss or
   * gradient was not finite (nothing applied).
   */
  step(step: number, epoch: number, start: number, size: number): boolean {
    this.compute(epoch, start, size);
    this.postAndPrefetch(step, epoch, start, size);
    this.sumShare(step);
    if (this.splitsUpdate) this.channel.marks.awaitAll('released', step);
    if (!this.updateShare(step)) return false;
    if (this.splitsUpdate) {
      this.channel.marks.awaitAll('updated', step);
      this.collect(step);
    }
    return true;
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
    const { result } = this;
    this.channel.post(this.index, step, this.posted, result);
    // While the other replicas finish their shards: gather this replica's shard of the epoch's next batch
    // (the order stays fixed within an epoch; the coordinator's next request almost always asks for it).
    const next = start + size;
    const { batchSize, order } = this;
    if (next >= order.length) return;
    const nextSize = Math.min(batchSize, order.length - next);
    this.gatherShard(epoch, next, nextSize);
    // And this replica's shard of the batch after that, read ahead of its gather a step later (see touchSamples).
    const after = next + nextSize;
    if (after < order.length) this.warmShard(after, Math.min(batchSize, order.length - after));
  }

  /**
   * The third part, once every replica has posted: this replica's share of the summed gradients (nothing is summed
   * when a shard's loss was not finite).
   */
  sumShare(step: number): void {
    const { channel, shardWeights } = this;
    this.summedFinite = channel.awaitPosts(step, shardWeights) && this.gradientSum.sum(shardWeights);
    channel.release(this.index, step, this.summedFinite);
  }

  /**
   * The fourth (when the update is split: once every replica has summed its share): when every share was finite,
   * this one updated and published (false otherwise: nothing changed anywhere).
   */
  updateShare(step: number): boolean {
    if (!(this.splitsUpdate ? this.channel.allSummedFinite() : this.summedFinite)) return false;
    this.path.applyGradients();
    if (!this.splitsUpdate) return true;
    copyToShared(this.published);
    this.channel.marks.mark('updated', this.index, step);
    return true;
  }

  /** The last, once every replica has published: the other shares of the weights copied in. */
  collect(step: number): void {
    copyFromShared(this.collected);
    this.channel.marks.mark('collected', this.index, step);
    this.lastStep = step;
  }

  /**
   * Posts this replica's share of the optimiser state slot numbered `slot` (state() order) into the channel slot of
   * the same number, where every replica posts its share of it: the channel then holds that state slot whole.
   */
  postStateSlot(step: number, slot: number): void {
    const arrays = Object.values(this.path.optimizer.state().slots)[slot]!;
    const { channel, index, share } = this;
    // Everyone must have copied in the weights published in the channel's slots before they are written over.
    channel.marks.awaitAll('collected', this.lastStep);
    copyToShared(piecesWithin(arrays, channel.slot(slot), share));
    channel.marks.mark('posted', index, step);
    channel.release(index, step, true);
  }

  /**
   * Copies this replica's share of optimiser state slot `slot` (state() order) from the channel slot of the same
   * number, where the coordinator wrote the whole of a resumed state slot.
   */
  loadStateSlot(step: number, slot: number): void {
    const arrays = Object.values(this.path.optimizer.state().slots)[slot]!;
    const { channel, index, share } = this;
    copyFromShared(piecesWithin(arrays, channel.slot(slot), share));
    channel.marks.mark('posted', index, step);
    channel.release(index, step, true);
  }

  /** The parts of `arrays` in every other replica's share, each linked to that replica's slot. */
  private othersShares(arrays: Float32Array[]): LinkedPiece[] {
    const { channel, index } = this;
    const { replicas, parameterCount } = channel;
    return Array.from({ length: replicas }, (_, r) => r)
      .filter((r) => r !== index)
      .flatMap((r) => piecesWithin(arrays, channel.slot(r), shareOf(r, replicas, parameterCount)));
  }

  /** Reads this replica's shard of the batch order[start … start + size) ahead of its gather. */
  private warmShard(start: number, size: number): void {
    const replicas = this.channel.replicas;
    this.path.warm(start + shardStart(this.index, replicas, size), shardSize(this.index, replicas, size));
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
