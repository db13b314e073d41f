import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint, type Network } from '@nn/mlp';
import { readRegularFileSync } from '@nn/mnist';
import { TrainError } from '../errors';
import { RUN_FILES } from '../run/run-folder';
import { MAX_MODEL_FILE_BYTES, MNIST_INPUT_SCALE } from './checkpoint';

export interface LoadedModel {
  network: Network;
  /** Factor from raw 0–255 pixels to the network's inputs. */
  inputScale: number;
  path: string;
}

/** A saved model: a .safetensors file, or a run folder (its model.safetensors). Errors name the path. */
export function loadModel(path: string): LoadedModel {
  let file = path;
  if (existsSync(path) && statSync(path).isDirectory()) file = join(path, RUN_FILES.model);
  if (!existsSync(file)) throw new TrainError(`model not found: ${file}`);
  try {
    const checkpoint = loadCheckpoint(readRegularFileSync(file, MAX_MODEL_FILE_BYTES));
    return { network: checkpoint.network, inputScale: checkpoint.inputScale ?? MNIST_INPUT_SCALE, path: file };
  } catch (error) {
    throw new TrainError(`cannot read model ${file}: ${(error as Error).message}`);
  }
}
