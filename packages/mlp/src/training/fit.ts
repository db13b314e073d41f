import { ConfigError, DivergenceError } from '../errors';
import type { Network } from '../model/network';
import { dataParallelThreads } from '../paths/data-parallel/data-parallel-options';
import { choosePath, sampleOrder, startPath } from './choose-path';
import { type ClassDataset, type Dataset, inputScaleOf, isRegression, type RegressionDataset } from './dataset';
import { EpochBatches } from './epoch-batches';
import type { EpochEvent, FitEvent, RegressionEpochEvent, RegressionFitEvent } from './fit-events';
import { doneEvent, epochSummary } from './fit-figures';
import {
  checkFitOptions,
  type FitOptions,
  type FitResult,
  type RegressionFitOptions,
  type RegressionFitResult,
} from './fit-options';
import { shuffleEpoch } from './seeds';
import { sampleCount } from './targets';

/** Gives the event loop a turn this often, so an abort sent to a worker thread arrives. */
const YIELD_EVERY_MS = 100;

/**
 * Trains `network` on `data` with mini-batches, emitting the events of fit-events.ts. Same network seed,
 * data and options give bit-identical weights; resuming after epoch e gives what an uninterrupted run has.
 * The step path is chosen once (choose-path.ts) and reported in the `start` event and the result. While fit
 * runs, the network's weights belong to it: they are current in every `snapshot` and `epoch` event, in
 * `onEpochEnd`, and when fit returns or throws.
 * Class data (`labels`) reports accuracy; regression data (`targets`, with loss 'mse') the mean absolute error.
 * Throws `DivergenceError` (weights as before the bad step) when a loss or gradient stops being finite.
 */
export function fit(network: Network, data: ClassDataset, options: FitOptions): Promise<FitResult>;
export function fit(
  network: Network,
  data: RegressionDataset,
  options: RegressionFitOptions,
): Promise<RegressionFitResult>;
export function fit(
  network: Network,
  data: Dataset,
  options: FitOptions | RegressionFitOptions,
): Promise<FitResult | RegressionFitResult>;
export async function fit(
  network: Network,
  data: Dataset,
  options: FitOptions | RegressionFitOptions,
): Promise<FitResult | RegressionFitResult> {
  const regression = isRegression(data);
  const trainSize = sampleCount(data, network, 'fit data');
  const { testData } = options;
  if (testData && isRegression(testData) !== regression) {
    const [train, test] = regression ? ['targets', 'labels'] : ['labels', 'targets'];
    throw new ConfigError(
      `fit testData: the training data has ${train}, the test data ${test}; give both the same kind`,
    );
  }
  const testSize = testData ? sampleCount(testData, network, 'fit testData') : 0;
  checkFitOptions(options, trainSize);
  const { epochs, batchSize } = options;
  const firstEpoch = (options.resume?.epoch ?? 0) + 1;
  const batchesPerEpoch = Math.ceil(trainSize / batchSize);
  const threads = dataParallelThreads(options.dataParallel, batchSize);
  const choice = choosePath(network, data, options, threads);
  const seed = options.seed ?? 0;
  const order = sampleOrder(trainSize, choice.threads > 1);
  // One function for both kinds of events: which kind fit emits follows `regression`, as the overloads say.
  const emit = (options.onEvent ?? (() => {})) as (event: FitEvent | RegressionFitEvent) => void;
  const settings = {
    data,
    scale: inputScaleOf(data),
    order,
    optimizer: options.optimizer,
    resume: options.resume?.optimizerState,
    weightDecay: options.weightDecay ?? 0,
    seed,
    augment: options.augment,
  };
  const path = await startPath(choice, network, settings, options);
  // The paths hold copies of the resumed state now (FitOptions.resume says fit keeps none).
  settings.resume = undefined;
  // After the path has started: a listener can then free what the resumed state took (train-mnist.ts does).
  const layerSizes = [...network.layerSizes];
  emit({ type: 'start', epochs, batchesPerEpoch, trainSize, testSize, layerSizes, firstEpoch, path: choice });
  const batches = new EpochBatches(
    {
      trainSize,
      batchSize,
      batchesPerEpoch,
      epochs,
      schedule: options.schedule ?? { type: 'constant' },
      baseLearningRate: options.optimizer.learningRate,
      batchInterval: options.batchEventInterval ?? 250,
      snapshotInterval: options.snapshotInterval ?? 2000,
      yieldInterval: YIELD_EVERY_MS,
      regression,
    },
    path,
    network,
    emit,
  );
  const started = performance.now();
  const history: (EpochEvent | RegressionEpochEvent)[] = [];
  const onEpochEnd = options.onEpochEnd as
    | ((checkpoint: { epoch: number; optimizerState: unknown; summary: unknown; test: unknown }) => unknown)
    | undefined;
  let stopped = false;
  try {
    for (let epoch = firstEpoch; epoch <= epochs && !stopped; epoch++) {
      if (options.shuffle ?? true) shuffleEpoch(order, seed, epoch);
      stopped = await trainEpoch(batches, epoch, batchesPerEpoch, options.signal);
      if (stopped) break;
      path.syncWeights();
      const { summary, test } = epochSummary(batches, network, options, epoch, regression, path.transposedLayers);
      if (onEpochEnd) await onEpochEnd({ epoch, optimizerState: path.exportState(), summary, test });
      history.push(summary);
      emit(summary);
    }
  } finally {
    // Whatever stopped training (a callback, a divergence, an abort), the network holds the latest weights.
    path.syncWeights();
    path.close();
  }
  const last = history[history.length - 1];
  const completed = last?.epoch ?? firstEpoch - 1;
  emit(doneEvent(last, completed, stopped, (performance.now() - started) / 1000, regression));
  const result = { epochs: completed, stopped, optimizerState: path.exportState(), history, path: choice };
  return result as FitResult | RegressionFitResult;
}

/** Runs one epoch's batches; true when the signal stopped it. Throws `DivergenceError` on a non-finite step. */
async function trainEpoch(
  batches: EpochBatches,
  epoch: number,
  batchesPerEpoch: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  batches.begin(epoch);
  for (let batch = 0; batch < batchesPerEpoch; batch++) {
    if (signal?.aborted) return true;
    let result = batches.step(batch);
    // Only a step whose helper threads are late returns a promise (see DataParallelPath.step).
    if (result instanceof Promise) result = await result;
    if (!result.finite) throw new DivergenceError(epoch, batch + 1, batches.learningRate);
    if (batches.finish(batch, result) && batches.emitDue(batch, result)) {
      await nextTurn();
      batches.yielded();
    }
  }
  return false;
}

/**
 * One turn of the event loop: `setImmediate` where it exists (Node), since a 0 ms timeout waits a whole
 * millisecond there, with both threads of a data-parallel fit idle; a timeout elsewhere.
 */
function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
