import type { ActivationName } from '../activations/activation';
import type { LossName } from '../losses/loss';
import { Network } from '../network';
import type { OptimizerConfig, OptimizerState } from '../optimizers/optimizer';
import { SparseInputLayer } from '../sparse-input-layer';
import { createTrainingState } from '../training-state';
import { Command, StepChannel, type StepRequest } from './step-channel';
import { type ReplicaSettings, TrainingReplica } from './training-replica';

/**
 * Everything a helper thread of a data-parallel fit starts from, all structured-cloneable: the shared channel,
 * data and order (SharedArrayBuffers, so not copied), and copies of the network and optimiser state.
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
    /** In `network.parameters()` order and layout. */
    parameters: Float32Array[];
  };
  sparseInput: boolean;
  optimizer: OptimizerConfig;
  /** In the network's usual layout. */
  optimizerState: OptimizerState | undefined;
  settings: ReplicaSettings;
}

/**
 * The body of a helper thread of a data-parallel fit (see `FitOptions.dataParallel`): rebuilds the network
 * and optimiser, then runs the coordinator's steps on its shard of each batch until told to stop. Blocks its
 * thread throughout (it waits with `Atomics.wait`). A failure is recorded in the channel, so the coordinator
 * throws a `DataParallelError` naming it, and then rethrown.
 */
export function runReplica(init: ReplicaInit): void {
  const channel = new StepChannel(init.channel, init.replicas, init.parameterCount);
  try {
    const { layerSizes, activations, loss, dropout, parameters } = init.network;
    const network = new Network({
      layerSizes: layerSizes as [number, ...number[], number],
      activations,
      loss,
      dropout,
    });
    for (const [k, array] of network.parameters().entries()) array.set(parameters[k]!);
    const sparse = init.sparseInput ? new SparseInputLayer(network) : undefined;
    const state = createTrainingState(network, sparse, init.optimizer, init.optimizerState);
    const replica = new TrainingReplica(init.index, channel, network, sparse, state, init.settings);
    channel.markReady();
    const request: StepRequest = { command: Command.Step, step: 0, epoch: 0, start: 0, size: 0 };
    for (let step = 0; ; ) {
      channel.awaitRequest(step, request, state.optimizer);
      if (request.command === Command.Stop) return;
      step = request.step;
      replica.step(step, request.epoch, request.start, request.size);
    }
  } catch (error) {
    channel.fail(init.index, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
