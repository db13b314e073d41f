import type { Network } from '../model/network';
import { DensePath } from './dense/dense-path';
import type { PathSettings } from './path-settings';
import { SparseInputPath } from './sparse-input/sparse-input-path';
import type { BatchPath } from './step-path';
import { WasmStepPath } from './wasm-step/wasm-step-path';

/** A batched path by name: the dense one, the one whose first layer skips zero inputs, or the whole step in Wasm. */
export function createBatchPath(name: BatchPath['name'], network: Network, settings: PathSettings): BatchPath {
  if (name === 'wasm-step') return new WasmStepPath(network, settings);
  return name === 'sparse-input' ? new SparseInputPath(network, settings) : new DensePath(network, settings);
}
