import { SeededRandom } from '@nn/linalg';
import { type BatchGatherer, batchGatherer } from '../batch-gatherer';
import type { Dataset } from '../dataset';
import type { Network } from '../network';
import type { SparseInputLayer } from '../sparse-input-layer';
import { dropoutSeed, type TrainingState } from '../training-state';
import { applyGradients, computeGradients, type StepResult } from '../training-step';
import type { StepChannel } from './step-channel';
import { GradientSum } from './sum-gradients';

/** What every thread of a data-parallel fit trains with (identical on all of them). */
export interface ReplicaSettings {
  /** Data whose arrays live in shared memory, and the scale of its inputs. */
  data: Dataset;
  scale: number;
  /** The epoch's sample order, shared: the coordinator shuffles it before the epoch's first request. */
  order: Int32Array;
  batchSize: number;
  weightDecay: number;
  seed: number;
}

/**
 * One thread's part of a data-parallel step: it gathers its shard of the batch (replica r takes the r-th of
 * `replicas` near-equal consecutive slices), computes that shard's gradients, exchanges them through the
 * channel, and applies the same summed gradients as every other replica, so all weights stay identical.
 */
export class TrainingReplica {
  private readonly shardWeights: Float64Array;
  private readonly result: StepResult = { loss: 0, correct: 0, finite: true };
  private readonly gatherInto: BatchGatherer;
  private readonly gradientSum: GradientSum;
  private dropout: { epoch: number; rng: SeededRandom } | undefined;
  /** The batch whose shard the batch buffers hold (gathered ahead, while waiting for the other replicas). */
  private readonly gathered = { epoch: 0, start: -1, size: 0 };

  constructor(
    readonly index: number,
    private readonly channel: StepChannel,
    private readonly network: Network,
    private readonly sparse: SparseInputLayer | undefined,
    private readonly state: TrainingState,
    private readonly settings: ReplicaSettings,
  ) {
    this.shardWeights = new Float64Array(channel.replicas);
    const { data, scale, order } = settings;
    this.gatherInto = batchGatherer(network, sparse, data, scale, order, undefined);
    this.gradientSum = new GradientSum(channel, index, state.gradientList);
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
    const { network, sparse, state, result, channel, shardWeights } = this;
    const replicas = channel.replicas;
    for (let r = 0; r < replicas; r++) shardWeights[r] = shardSize(r, replicas, size) / size;
    const count = shardSize(this.index, replicas, size);
    result.loss = 0;
    result.correct = 0;
    if (count > 0) {
      const gathered = this.gathered;
      if (gathered.epoch !== epoch || gathered.start !== start || gathered.size !== size) {
        this.gatherShard(epoch, start, size);
      }
      const first = network.layers[0]!;
      const densePasses = first.passes;
      if (sparse) first.passes = sparse.passes;
      try {
        // Tested here, not inside: without dropout the call never runs, so V8 leaves it out of the optimised
        // step, and the budget it would take for inlining goes to the loss function, whose returned number is
        // otherwise boxed (allocated) on every step.
        const dropoutRng = network.dropout === 0 ? undefined : this.dropoutRng(epoch);
        computeGradients(network, network.buffersFor(count), state.gradients, dropoutRng, result);
      } finally {
        first.passes = densePasses;
      }
    } else {
      for (const gradient of state.gradientList) gradient.fill(0);
    }
  }

  /**
   * The second part: the gradients posted to the channel (once everyone has read the previous step's), then
   * the next shard gathered while the other replicas finish theirs.
   */
  postAndPrefetch(step: number, epoch: number, start: number, size: number): void {
    const { result, state } = this;
    this.channel.post(this.index, step, state.gradientList, result);
    // While the other replicas finish their shards: gather this replica's shard of the epoch's next batch
    // (the order stays fixed within an epoch; the coordinator's next request almost always asks for it).
    const next = start + size;
    const { batchSize, order } = this.settings;
    if (next < order.length) this.gatherShard(epoch, next, Math.min(batchSize, order.length - next));
  }

  /** The last part: once every replica has posted, the summed gradients and the update (false: not finite). */
  combineAndApply(step: number): boolean {
    const { network, state, channel, shardWeights } = this;
    const finite = channel.awaitPosts(step, shardWeights) && this.gradientSum.sum(shardWeights);
    channel.release(this.index, step);
    if (!finite) return false;
    applyGradients(
      state.gradientList,
      state.parameters,
      state.optimizer,
      this.settings.weightDecay,
      network.layers.length,
    );
    return true;
  }

  /** Gathers this replica's shard of the batch order[start … start + size) into its batch buffers. */
  private gatherShard(epoch: number, start: number, size: number): void {
    const replicas = this.channel.replicas;
    const count = shardSize(this.index, replicas, size);
    const gathered = this.gathered;
    gathered.epoch = epoch;
    gathered.start = start;
    gathered.size = size;
    if (count === 0) return;
    this.gatherInto(start + shardStart(this.index, replicas, size), count, epoch);
  }

  /** Writes the mean loss and correct count of the whole batch of the last step into `into`. */
  totals(into: { loss: number; correct: number }): void {
    this.channel.totals(this.shardWeights, into);
  }

  private dropoutRng(epoch: number): SeededRandom {
    if (this.dropout?.epoch !== epoch) {
      this.dropout = { epoch, rng: new SeededRandom(dropoutSeed(this.settings.seed, epoch, this.index)) };
    }
    return this.dropout.rng;
  }
}

/** Samples of a `size` batch in shard `index` of `replicas`: the first size mod replicas shards take one more. */
export function shardSize(index: number, replicas: number, size: number): number {
  return Math.floor(size / replicas) + (index < size % replicas ? 1 : 0);
}

function shardStart(index: number, replicas: number, size: number): number {
  return index * Math.floor(size / replicas) + Math.min(index, size % replicas);
}
