import { type KernelArena, loadWasmKernels, sharedKernelMemoryOf, useKernels } from '@nn/linalg/internal';
import type { ActivationName } from '../../model/activations/activation';
import type { LossName } from '../../model/losses/loss';
import { Network } from '../../model/network';
import type { AugmentFn } from '../../training/dataset';
import { createBatchPath } from '../batch-paths';
import type { PathSettings } from '../path-settings';
import type { BatchPath } from '../step-path';
import { allSlotsFloats } from './channel-layout';
import { Replica } from './replica';
import { readStartingParameters } from './starting-parameters';
import { Command, StepChannel, type StepRequest } from './step-channel';

/**
 * Everything a helper thread of a data-parallel fit starts from, all structured-cloneable: the shared channel,
 * data and order (SharedArrayBuffers, so not copied), and the network's shape. The network's starting parameters
 * wait in the channel's first slot (see `writeStartingParameters`).
 */
export interface ReplicaInit {
  channel: SharedArrayBuffer;
  replicas: number;
  index: number;
  parameterCount: number;
  network: {
    layerSizes: number[];
    activations: ActivationName[];
    loss: LossName;
    dropout: number;
  };
  /** The path each thread runs on its shard. */
  path: BatchPath['name'];
  batchSize: number;
  /** `DataParallelOptions.splitUpdate`, as the coordinator was given it. */
  splitUpdate?: boolean;
  /** True when the fit augments its samples: the thread body must then give `runReplica` the same augmentation. */
  augmenting: boolean;
  /**
   * The part of the coordinator's kernel memory this thread's kernels work in, and the address there of the
   * channel's slots (see memory-sharing.ts); absent when the slots are in the channel's buffer.
   */
  sharedMemory?: { arena: KernelArena; slots: number };
  /**
   * As the coordinator's, with this thread's `replica` index. `resume` carries the step count only: the slots come
   * through the channel once every thread is ready (see `StateExchange.load`).
   */
  settings: PathSettings;
}

/**
 * The body of a helper thread of a data-parallel fit (see `FitOptions.dataParallel`): rebuilds the network
 * and its shard path, then runs the coordinator's steps on its shard of each batch until told to stop. Blocks its
 * thread throughout (it waits with `Atomics.wait`). A failure is recorded in the channel, so the coordinator
 * throws a `DataParallelError` naming it, and then rethrown.
 * `augment`: when the fit augments its samples, the same augmentation as the fit's, built in this thread. It must
 * depend only on (sample, epoch) for two threads to train as one does (a seeded per-sample draw, as @nn/mnist's
 * DigitAugmenter makes).
 */
export function runReplica(init: ReplicaInit, threadOptions: { augment?: AugmentFn } = {}): void {
  const { replicas, parameterCount, sharedMemory } = init;
  // No slots yet (they are in memory this thread has not joined): enough to record a failure.
  let channel = new StepChannel(init.channel, replicas, parameterCount, sharedMemory && new Float32Array(0));
  try {
    // Before anything is allocated: every array of this thread then lives in the lent part of the shared memory.
    if (sharedMemory) {
      const slots = joinSharedMemory(sharedMemory, allSlotsFloats(replicas, parameterCount));
      channel = new StepChannel(init.channel, replicas, parameterCount, slots);
    }
    const { layerSizes, activations, loss, dropout } = init.network;
    const network = new Network({
      layerSizes: layerSizes as [number, ...number[], number],
      activations,
      loss,
      dropout,
    });
    readStartingParameters(channel, network);
    const { augment } = threadOptions;
    if (init.augmenting && !augment) {
      throw new Error('this fit augments its samples: pass the same augment function to runReplica(init, { augment })');
    }
    const path = createBatchPath(init.path, network, {
      ...init.settings,
      augment: init.augmenting ? augment : undefined,
      adoptWeights: true,
    });
    const replica = new Replica(init.index, channel, path, init.settings.order, init.batchSize, init.splitUpdate);
    channel.markReady();
    const request: StepRequest = { command: Command.Step, step: 0, epoch: 0, start: 0, size: 0 };
    for (let step = 0; ; ) {
      channel.awaitRequest(step, request, path.optimizer);
      if (request.command === Command.Stop) return;
      step = request.step;
      if (request.command === Command.PostStateSlot) replica.postStateSlot(step, request.size);
      else if (request.command === Command.LoadStateSlot) replica.loadStateSlot(step, request.size);
      else replica.step(step, request.epoch, request.start, request.size);
    }
  } catch (error) {
    channel.fail(init.index, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/**
 * Makes this thread's kernels work in the lent arena; the channel's slots (`floats` of them) as this thread's
 * kernels see them.
 */
function joinSharedMemory(given: NonNullable<ReplicaInit['sharedMemory']>, floats: number): Float32Array {
  const set = loadWasmKernels({ arena: given.arena });
  const memory = set && sharedKernelMemoryOf(set);
  if (!set || !memory) throw new Error('this thread cannot load the WebAssembly kernels over the shared memory');
  useKernels(set);
  return memory.floatsAt(given.slots, floats);
}
