import type { Network } from '../model/network';
import { createBatchPath } from '../paths/batch-paths';
import { DataParallelPath } from '../paths/data-parallel/data-parallel-path';
import { sharedDataset } from '../paths/data-parallel/shared-dataset';
import { withoutSlots } from '../paths/data-parallel/state-exchange';
import type { PathSettings } from '../paths/path-settings';
import { PerSampleSgdPath } from '../paths/per-sample-sgd/per-sample-sgd-path';
import { sparseInputLayers } from '../paths/sparse-input/sparse-hidden-inputs';
import type { BatchPath, PathChoice, StepPath } from '../paths/step-path';
import { wasmStepUnsupported } from '../paths/wasm-step/wasm-step-rule';
import type { Dataset } from './dataset';
import type { FitSettings } from './fit-options';
import { inputDensity, SPARSE_INPUT_DENSITY } from './input-density';

/**
 * The rule, decided once at the start of fit():
 * 1. `per-sample-sgd` when the seed's regime applies: batch size 1, plain SGD (no momentum), no weight decay,
 *    no dropout (and `perSampleSgd` is not false). Its update W −= r·dz·aᵀ never forms dW.
 * 2. else `data-parallel` when `dataParallel.threads` > 1, each thread running rules 3–4 on its shard;
 * 3. else, when the first layer should skip zero inputs (`sparseInput`, by default when fewer than half the inputs
 *    of the first 1 000 samples are non-zero: images such as MNIST's), `wasm-step` (the whole step as two calls
 *    into WebAssembly, measured faster on 1 and 2 threads in docs/benchmarks.md) where it covers the fit
 *    (paths/wasm-step/wasm-step-rule.ts: WebAssembly SIMD over shared memory, classes, relu/sigmoid/tanh hidden
 *    layers, softmax + cross-entropy or sigmoid + squared error, SGD or Adam, no dropout) and `wasmStep` is not
 *    false, unless layers above the first take relu inputs the sparse-input path skips too (wide ones,
 *    sparse-hidden-inputs.ts: measured faster) and `wasmStep` is not true; else `sparse-input` (W1ᵀ over the
 *    non-zero inputs, the rest through the model);
 * 4. else `dense`: the model's own forward and backward on each mini-batch (`wasm-step` if `wasmStep` is true).
 */
export function choosePath(network: Network, data: Dataset, options: FitSettings, threads: number): PathChoice {
  if (perSampleSgdApplies(network, options)) {
    const reason = 'batch size 1 with plain SGD, no weight decay or dropout';
    return { name: 'per-sample-sgd', threads: 1, reason };
  }
  const density = inputDensity(data, network.inputSize);
  const sparse = options.sparseInput ?? density < SPARSE_INPUT_DENSITY;
  let shards: BatchPath['name'] = sparse ? 'sparse-input' : 'dense';
  let inputs =
    options.sparseInput === undefined
      ? `${Math.round(density * 100)}% of the inputs are non-zero`
      : `sparseInput: ${options.sparseInput}`;
  const sparseHidden = sparse && sparseInputLayers(network.layers) > 1;
  if (sparseHidden && options.wasmStep === undefined) {
    inputs += '; not wasm-step: relu inputs of wide layers above the first are skipped where zero';
  } else if (options.wasmStep === true || (sparse && options.wasmStep !== false)) {
    const unsupported = wasmStepUnsupported(network, data);
    if (unsupported) inputs += `; not wasm-step: ${unsupported}`;
    else shards = 'wasm-step';
  } else if (options.wasmStep === false) {
    inputs += '; wasmStep: false';
  }
  if (threads > 1) return { name: 'data-parallel', shards, threads, reason: `${threads} threads; ${inputs}` };
  return { name: shards, threads: 1, reason: inputs };
}

/** Builds the chosen path (starting helper threads for a data-parallel one). */
export async function startPath(
  choice: PathChoice,
  network: Network,
  settings: PathSettings,
  options: FitSettings,
): Promise<StepPath> {
  if (choice.name === 'per-sample-sgd') return new PerSampleSgdPath(network, settings);
  if (choice.name !== 'data-parallel') return createBatchPath(choice.name, network, settings);
  const shared = { ...settings, data: sharedDataset(settings.data) };
  const own = createBatchPath(choice.shards, network, { ...shared, resume: withoutSlots(settings.resume) });
  const dataParallel = { ...options.dataParallel!, threads: choice.threads };
  return DataParallelPath.start(dataParallel, network, own, shared, options.batchSize);
}

/** True when the seed's regime applies (rule 1 above). */
export function perSampleSgdApplies(
  network: Network,
  options: { batchSize: number; optimizer: FitSettings['optimizer']; weightDecay?: number; perSampleSgd?: boolean },
): boolean {
  const { optimizer } = options;
  return (
    options.perSampleSgd !== false &&
    options.batchSize === 1 &&
    optimizer.type === 'sgd' &&
    (optimizer.momentum ?? 0) === 0 &&
    (options.weightDecay ?? 0) === 0 &&
    network.dropout === 0
  );
}

/** The sample order fit shuffles each epoch: in shared memory when other threads read it. */
export function sampleOrder(count: number, shared: boolean): Int32Array {
  const order = shared ? new Int32Array(new SharedArrayBuffer(count * 4)) : new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}
