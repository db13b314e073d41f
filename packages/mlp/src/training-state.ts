import type { Gradients } from './backward';
import type { Network } from './network';
import { createOptimizer } from './optimizers/index';
import type { Optimizer, OptimizerConfig, OptimizerState } from './optimizers/optimizer';
import type { SparseInputLayer } from './sparse-input-layer';
import { createGradients, gradientArrays } from './training-step';

/** What a training loop updates: the parameters, their gradients and the optimiser, in the training layout. */
export interface TrainingState {
  gradients: Gradients;
  /** The gradient arrays in parameter order. */
  gradientList: Float32Array[];
  parameters: Float32Array[];
  optimizer: Optimizer;
}

/**
 * Gradients, parameters and optimiser for `network`; with a sparse first layer, W1ᵀ (and the optimiser's state
 * for it) stand in for W1. `resume` is in the network's usual layout.
 */
export function createTrainingState(
  network: Network,
  sparse: SparseInputLayer | undefined,
  config: OptimizerConfig,
  resume: OptimizerState | undefined,
): TrainingState {
  const networkGradients = createGradients(network);
  const parameters = sparse ? sparse.trainingParameters(network.parameters()) : network.parameters();
  const gradients = sparse ? sparse.trainingGradients(networkGradients) : networkGradients;
  const optimizer = createOptimizer(parameters, config, sparse ? sparse.importState(resume) : resume);
  return { gradients, gradientList: gradientArrays(gradients), parameters, optimizer };
}

/** The seed of epoch `epoch`'s shuffle stream. */
export function epochSeed(seed: number, epoch: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(epoch, 0x85ebca6b)) >>> 0;
}

/** The seed of epoch `epoch`'s dropout masks on thread `replica` (0 in a single-threaded fit). */
export function dropoutSeed(seed: number, epoch: number, replica: number): number {
  return (epochSeed(seed ^ 0x5bd1e995, epoch) ^ Math.imul(replica, 0x27d4eb2f)) >>> 0;
}
