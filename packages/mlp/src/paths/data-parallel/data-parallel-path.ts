import type { Matrix } from '@nn/linalg';
import { DataParallelError } from '../../errors';
import type { Network } from '../../model/network';
import { isRegression } from '../../training/dataset';
import type { Optimizer, OptimizerState } from '../../training/optimizers/optimizer';
import type { PathSettings } from '../path-settings';
import type { BatchPath, StepPath, StepResult } from '../step-path';
import type { DataParallelOptions, ReplicaThread } from './data-parallel-options';
import { type MemorySharing, shareKernelMemory } from './memory-sharing';
import { Replica } from './replica';
import type { ReplicaInit } from './run-replica';
import { writeStartingParameters } from './starting-parameters';
import { StateExchange, withoutSlots } from './state-exchange';
import { StepChannel } from './step-channel';
import type { StepMark } from './step-marks';

const START_TIMEOUT_MS = 60_000;
/** How long a step blocks this thread waiting for the helpers before it lets the event loop run (see `step`). */
const BLOCK_MS = 20;

/** The coordinator's side: this thread's shard path, the helper threads, and the channel between them. */
export class DataParallelPath implements StepPath {
  readonly name = 'data-parallel';
  private closed = false;
  private requests = 0;
  /** The helpers are ready and no step was left unfinished (a throw mid-step): they can answer a request. */
  private answering = false;
  /** Optimiser states to and from the helpers, through the channel. */
  private readonly state: StateExchange;
  /** The whole optimiser state in the channel, assembled since the last step (see `StateExchange.assemble`). */
  private assembled: OptimizerState | undefined;
  /** The step in progress, read by its later parts (kept here so a step allocates no closures). */
  private readonly pending = {
    step: 0,
    epoch: 0,
    start: 0,
    size: 0,
    result: { loss: 0, correct: 0, finite: true } as StepResult,
  };

  private constructor(
    private readonly channel: StepChannel,
    private readonly own: Replica,
    /** This thread's shard path: its optimiser's learning rate, set before each step, goes to every replica. */
    readonly shards: BatchPath,
    private readonly threads: ReplicaThread[],
    /** Real-valued targets: each step reports the absolute error summed over the shards. */
    private readonly regression: boolean,
    /** The kernel memory lent to the helpers, given back once they have ended. */
    private readonly sharing: MemorySharing | undefined,
  ) {
    this.state = new StateExchange(channel, own, shards, () => ++this.requests);
  }

  get optimizer(): Optimizer {
    return this.shards.optimizer;
  }

  get transposedLayers(): readonly Matrix[] {
    return this.shards.transposedLayers;
  }

  /**
   * Starts the helper threads and waits until each has built its copy of the network and of `shards`. A resumed
   * state (`settings.resume`) then reaches every thread through the channel: build `shards` with `withoutSlots` of it.
   */
  static async start(
    options: DataParallelOptions,
    network: Network,
    shards: BatchPath,
    settings: PathSettings,
    batchSize: number,
  ): Promise<DataParallelPath> {
    const replicas = options.threads;
    const parameterCount = shards.gradientList.reduce((sum, g) => sum + g.length, 0);
    const sharing = shareKernelMemory(options, replicas, parameterCount);
    const channel = StepChannel.create(replicas, parameterCount, sharing?.slots);
    const splitUpdate = options.splitUpdate;
    const own = new Replica(0, channel, shards, settings.order, batchSize, splitUpdate);
    const init = (index: number): ReplicaInit => ({
      channel: channel.buffer,
      replicas,
      index,
      parameterCount,
      network: {
        layerSizes: [...network.layerSizes],
        activations: network.activationNames,
        loss: network.loss.name,
        dropout: network.dropout,
      },
      path: shards.name,
      batchSize,
      ...(splitUpdate !== undefined ? { splitUpdate } : {}),
      ...(sharing ? { sharedMemory: { arena: sharing.arenas[index - 1]!, slots: sharing.slots.byteOffset } } : {}),
      // A function cannot cross threads: each helper's body passes its own copy of the augmentation to runReplica.
      augmenting: settings.augment !== undefined,
      settings: { ...settings, augment: undefined, resume: withoutSlots(settings.resume) },
    });
    writeStartingParameters(channel, network);
    const threads: ReplicaThread[] = [];
    const path = new DataParallelPath(channel, own, shards, threads, isRegression(settings.data), sharing);
    try {
      for (let index = 1; index < replicas; index++) {
        threads.push(options.startThread(init(index), failureReporter(channel, index)));
      }
      const deadline = performance.now() + START_TIMEOUT_MS;
      while (channel.readyCount() < replicas - 1) {
        if (performance.now() > deadline) {
          throw new DataParallelError(
            `data-parallel fit: helper threads not ready within ${START_TIMEOUT_MS / 1000} s`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      path.answering = true;
      if (settings.resume) path.state.load(settings.resume);
    } catch (error) {
      path.close();
      throw error;
    }
    return path;
  }

  /**
   * One step on samples order[start … start + size) across all threads, at the shard path's learning rate;
   * `result` gets the whole batch's figures.
   * Returns a promise only when a helper is late by more than `BLOCK_MS`: this thread then waits with its event
   * loop running, so the exit of a helper that died without a word (out of memory, terminated) is heard at once.
   */
  step(start: number, size: number, epoch: number, result: StepResult): StepResult | Promise<StepResult> {
    const pending = this.pending;
    const step = ++this.requests;
    this.answering = false;
    this.assembled = undefined;
    pending.step = step;
    pending.epoch = epoch;
    pending.start = start;
    pending.size = size;
    pending.result = result;
    this.channel.request(step, epoch, start, size, this.shards.optimizer);
    this.own.compute(epoch, start, size);
    // Posting must wait until everyone has read the previous step's slots (normally long done).
    return this.whenAll('released', step - 1, this.postAndFinish);
  }

  private readonly postAndFinish = (): StepResult | Promise<StepResult> => {
    const { step, epoch, start, size } = this.pending;
    this.own.postAndPrefetch(step, epoch, start, size);
    return this.whenAll('posted', step, this.sumShare);
  };

  private readonly sumShare = (): StepResult | Promise<StepResult> => {
    this.own.sumShare(this.pending.step);
    return this.own.splitsUpdate ? this.whenAll('released', this.pending.step, this.updateShare) : this.updateShare();
  };

  private readonly updateShare = (): StepResult | Promise<StepResult> => {
    const { step } = this.pending;
    if (!this.own.updateShare(step)) return this.finish(false);
    return this.own.splitsUpdate ? this.whenAll('updated', step, this.collectShares) : this.finish(true);
  };

  private readonly collectShares = (): StepResult => {
    this.own.collect(this.pending.step);
    return this.finish(true);
  };

  private finish(finite: boolean): StepResult {
    const { result } = this.pending;
    this.answering = true;
    result.finite = finite;
    this.own.totals(result);
    if (this.regression) result.absoluteError = this.channel.absoluteError();
    return result;
  }

  /**
   * `next()` once every replica has reached `mark` for `step`: at once when they do within `BLOCK_MS` of blocking,
   * else after waiting with the event loop running.
   */
  private whenAll(
    mark: StepMark,
    step: number,
    next: () => StepResult | Promise<StepResult>,
  ): StepResult | Promise<StepResult> {
    if (this.channel.marks.allWithin(mark, step, BLOCK_MS)) return next();
    return this.channel.marks.whenAll(mark, step).then(next);
  }

  /** Every replica holds the same weights, so this thread's are the network's. */
  syncWeights(): void {
    this.shards.syncWeights();
  }

  /** Each replica updates the optimiser state of its share only: the whole state is assembled in the channel. */
  exportState(): OptimizerState {
    if (!this.own.splitsUpdate) return this.shards.exportState();
    if (!this.closed) this.assembled ??= this.state.assemble();
    // A failed run's helpers could not post their shares: this thread's state, whole only in its own share.
    return this.assembled ?? this.shards.exportState();
  }

  /**
   * Stops and ends the helper threads (safe to call more than once), first having them post their shares of the
   * optimiser state while they can answer, so `exportState` after closing is whole.
   */
  close(): void {
    if (this.closed) return;
    try {
      if (this.answering && this.own.splitsUpdate && !this.channel.failed()) this.assembled ??= this.state.assemble();
    } finally {
      this.closed = true;
      this.channel.stop();
      const ended = this.threads.map((thread) => thread.terminate());
      // A helper stopped mid-step may still write into its arena until its thread has ended.
      if (this.sharing) void Promise.allSettled(ended).then(this.sharing.release);
    }
  }
}

/**
 * A helper's failure callback, made outside `start`: a closure made there would keep start's whole scope, and with
 * it a resumed optimiser state (22 MB for a 1024-wide network), alive as long as the thread.
 */
function failureReporter(channel: StepChannel, index: number): (message: string) => void {
  return (message) => channel.fail(index, message);
}
