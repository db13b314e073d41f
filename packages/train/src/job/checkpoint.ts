import { existsSync } from 'node:fs';
import { loadCheckpoint, type Network, type OptimizerState, saveParts } from '@nn/mlp';
import { readRegularFileSync } from '@nn/mnist';
import type { TrainConfig } from '../config/train-config';
import { validateConfig } from '../config/validate-config';
import { RunFolderError } from '../errors';
import { firstConfigDifference } from '../run/config-difference';
import { readRun } from '../run/read-run';
import { RUN_FILES, type RunFolder } from '../run/run-folder';

/** MNIST bytes are scaled to 0–1 before training; stored in the model so eval/predict scale the same way. */
export const MNIST_INPUT_SCALE = 1 / 255;

/** Model files larger than this are refused before reading: a 784-4096-4096-10 network with Adam state is 0.25 GB. */
export const MAX_MODEL_FILE_BYTES = 1024 ** 3;

/** What `resume` continues from: the network after `epoch` complete epochs and the optimiser's state then. */
export interface TrainingState {
  network: Network;
  epoch: number;
  optimizerState: OptimizerState;
  /** The JSON of the config the run was trained with (absent in files written before it was stored). */
  trainingConfig?: string;
}

/**
 * model.safetensors: weights plus the epoch and training config as metadata (no optimiser state: it is for use).
 * As parts (`saveParts`) that view the network's arrays, so a large model is never copied whole: write them at once.
 */
export function encodeModel(network: Network, info: { epoch: number; config: TrainConfig }): Uint8Array[] {
  return saveParts(network, { epoch: info.epoch, inputScale: MNIST_INPUT_SCALE, trainingConfig: info.config });
}

/** resume.safetensors: weights plus optimiser state, and the config a resume is checked against; parts, as above. */
export function encodeTrainingState(
  network: Network,
  state: { epoch: number; optimizerState: OptimizerState; config: TrainConfig },
): Uint8Array[] {
  return saveParts(network, {
    epoch: state.epoch,
    optimizerState: state.optimizerState,
    inputScale: MNIST_INPUT_SCALE,
    trainingConfig: state.config,
  });
}

/** The saved state, or undefined if no epoch has completed yet (resume then starts from scratch in the same folder). */
export function decodeTrainingState(path: string): TrainingState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const checkpoint = loadCheckpoint(readRegularFileSync(path, MAX_MODEL_FILE_BYTES));
    if (checkpoint.epoch === undefined || checkpoint.optimizerState === undefined) {
      throw new Error('it has no epoch or optimiser state');
    }
    const state: TrainingState = {
      network: checkpoint.network,
      epoch: checkpoint.epoch,
      optimizerState: checkpoint.optimizerState,
    };
    if (checkpoint.trainingConfig !== undefined) state.trainingConfig = checkpoint.trainingConfig;
    return state;
  } catch (error) {
    throw new RunFolderError(path, `unreadable resume state: ${(error as Error).message}`);
  }
}

/**
 * What `resume` continues from, once it is safe to: undefined when no epoch has completed (the run starts again in
 * its folder). Refuses when epochs completed but resume.safetensors is gone (starting again would overwrite the
 * model), and when config.json no longer matches the config the checkpoint was trained with.
 */
export function resumePoint(folder: RunFolder, config: TrainConfig): TrainingState | undefined {
  const state = decodeTrainingState(folder.file('resumeState'));
  if (state === undefined) {
    const completed = completedEpochs(folder);
    if (completed > 0) {
      throw new RunFolderError(
        folder.path,
        `${RUN_FILES.resumeState} is missing, but ${completed} epoch(s) completed: resuming would start again ` +
          `from epoch 1 and overwrite ${RUN_FILES.model}. Restore ${RUN_FILES.resumeState} or start a new run`,
      );
    }
    return undefined;
  }
  const savedText = state.trainingConfig ?? modelFileConfig(folder);
  if (savedText !== undefined) {
    let saved: TrainConfig;
    try {
      saved = validateConfig(JSON.parse(savedText));
    } catch (error) {
      throw new RunFolderError(
        folder.path,
        `the checkpoint's training config is unreadable: ${(error as Error).message}`,
      );
    }
    const difference = firstConfigDifference(saved, config);
    if (difference !== undefined) {
      throw new RunFolderError(
        folder.file('config'),
        `differs from the config the checkpoint was trained with (${difference}); resume needs the original`,
      );
    }
  }
  return state;
}

/**
 * Epochs known to have been checkpointed: by the metrics' `checkpoint` events (written after both files) or by the
 * model file's own epoch, whichever says more. Not `epoch` events: one can precede a checkpoint that never came.
 */
function completedEpochs(folder: RunFolder): number {
  let epochs = 0;
  for (const event of readRun(folder.path).events)
    if (event.type === 'checkpoint') epochs = Math.max(epochs, event.epoch);
  const model = folder.file('model');
  if (existsSync(model)) {
    try {
      epochs = Math.max(epochs, loadCheckpoint(readRegularFileSync(model, MAX_MODEL_FILE_BYTES)).epoch ?? 0);
    } catch {
      // An unreadable model claims nothing; the metrics still count.
    }
  }
  return epochs;
}

/** The training config stored in model.safetensors: resume states written before they stored their own. */
function modelFileConfig(folder: RunFolder): string | undefined {
  const model = folder.file('model');
  if (!existsSync(model)) return undefined;
  try {
    return loadCheckpoint(readRegularFileSync(model, MAX_MODEL_FILE_BYTES)).trainingConfig;
  } catch {
    return undefined;
  }
}
