import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint, type Network } from '@nn/mlp';
import { readRegularFileSync } from '@nn/mnist';
import { TrainError } from '../errors';
import { RUN_FILES } from '../run/run-folder';
import { MAX_MODEL_FILE_BYTES, MNIST_INPUT_SCALE } from './checkpoint';

/** A model read by `loadModel`: the network and how to scale pixels for it. */
export interface LoadedModel {
  network: Network;
  /** Factor from raw 0–255 pixels to the network's inputs. */
  inputScale: number;
  path: string;
  /** The data set it was trained on, from the run's `trainingConfig` in the file (absent in files saved without it). */
  dataset?: string;
}

/** A saved model: a .safetensors file, or a run folder (its model.safetensors). Errors name the path. */
export function loadModel(path: string): LoadedModel {
  let file = path;
  if (existsSync(path) && statSync(path).isDirectory()) file = join(path, RUN_FILES.model);
  if (!existsSync(file)) throw new TrainError(`model not found: ${file}`);
  try {
    const checkpoint = loadCheckpoint(readRegularFileSync(file, MAX_MODEL_FILE_BYTES));
    const dataset = trainedOn(checkpoint.trainingConfig);
    return {
      network: checkpoint.network,
      inputScale: checkpoint.inputScale ?? MNIST_INPUT_SCALE,
      path: file,
      ...(dataset !== undefined ? { dataset } : {}),
    };
  } catch (error) {
    throw new TrainError(`cannot read model ${file}: ${(error as Error).message}`);
  }
}

/** The `dataset` field of a saved training config, when the text is JSON and has one. */
function trainedOn(configText: string | undefined): string | undefined {
  if (configText === undefined) return undefined;
  try {
    const dataset = (JSON.parse(configText) as { dataset?: unknown }).dataset;
    return typeof dataset === 'string' ? dataset : undefined;
  } catch {
    return undefined; // an unreadable config does not stop evaluation; the file's weights were already checked
  }
}
