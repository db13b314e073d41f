import { ConfigError } from '../../errors';
import { createAdam } from './adam';
import type { Optimizer, OptimizerConfig, OptimizerState } from './optimizer';
import { createSgd } from './sgd';

/** Builds the optimiser `config` names, continuing from `resume` when given (after checking it fits). */
export function createOptimizer(
  parameters: Float32Array[],
  config: OptimizerConfig,
  resume?: OptimizerState,
): Optimizer {
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate)) {
    throw new ConfigError(`learningRate must be a positive number, got ${config.learningRate}`);
  }
  if (resume) checkState(parameters, config, resume);
  switch (config.type) {
    case 'sgd':
      return createSgd(parameters, config, resume);
    case 'adam':
      return createAdam(parameters, config, resume);
    default:
      throw new ConfigError(`unknown optimizer "${(config as { type: string }).type}"; expected sgd or adam`);
  }
}

function checkState(parameters: Float32Array[], config: OptimizerConfig, state: OptimizerState): void {
  if (state.kind !== config.type) {
    throw new ConfigError(`cannot resume a ${config.type} optimizer from ${state.kind} state`);
  }
  for (const [slot, arrays] of Object.entries(state.slots)) checkSlotSizes(parameters, slot, arrays);
}

/** A resumed state slot must hold one array per parameter, each of its parameter's length. */
export function checkSlotSizes(parameters: Float32Array[], slot: string, arrays: Float32Array[]): void {
  if (arrays.length !== parameters.length || arrays.some((a, k) => a.length !== parameters[k]!.length)) {
    throw new ConfigError(`optimizer state slot "${slot}" does not match the network's parameter sizes`);
  }
}
