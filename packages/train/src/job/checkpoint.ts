import { existsSync } from 'node:fs';
import { loadCheckpoint, type Network, type OptimizerState, save } from '@nn/mlp';
import { readRegularFileSync } from '@nn/mnist';
import type { TrainConfig } from '../config/train-config';
import { RunFolderError } from '../errors';

/** MNIST bytes are scaled to 0–1 before training; stored in the model so eval/predict scale the same way. */
export const MNIST_INPUT_SCALE = 1 / 255;

/** Model files larger than this are refused before reading: a 784-4096-4096-10 network with Adam state is 0.25 GB. */
export const MAX_MODEL_FILE_BYTES = 1024 ** 3;

/** What `resume` continues from: the network after `epoch` complete epochs and the optimiser's state then. */
export interface TrainingState {
  network: Network;
  epoch: number;
  optimizerState: OptimizerState;
}

/** model.safetensors: weights plus the epoch and training config as metadata (no optimiser state: it is for use). */
export function encodeModel(network: Network, info: { epoch: number; config: TrainConfig }): Uint8Array {
  return save(network, { epoch: info.epoch, inputScale: MNIST_INPUT_SCALE, trainingConfig: info.config });
}

/** resume.safetensors: weights plus optimiser state. */
export function encodeTrainingState(
  network: Network,
  state: { epoch: number; optimizerState: OptimizerState },
): Uint8Array {
  return save(network, { epoch: state.epoch, optimizerState: state.optimizerState, inputScale: MNIST_INPUT_SCALE });
}

/** The saved state, or undefined if no epoch has completed yet (resume then starts from scratch in the same folder). */
export function decodeTrainingState(path: string): TrainingState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const checkpoint = loadCheckpoint(readRegularFileSync(path, MAX_MODEL_FILE_BYTES));
    if (checkpoint.epoch === undefined || checkpoint.optimizerState === undefined) {
      throw new Error('it has no epoch or optimiser state');
    }
    return { network: checkpoint.network, epoch: checkpoint.epoch, optimizerState: checkpoint.optimizerState };
  } catch (error) {
    throw new RunFolderError(path, `unreadable resume state: ${(error as Error).message}`);
  }
}
