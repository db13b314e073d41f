import { DivergenceError } from '../errors';
import type { Network } from '../model/network';
import { dataParallelThreads } from '../paths/data-parallel/data-parallel-path';
import { choosePath, sampleOrder, startPath } from './choose-path';
import { type Dataset, inputScaleOf, sampleCount } from './dataset';
import { EpochBatches } from './epoch-batches';
import { evaluate } from './evaluate';
import type { EpochEvent } from './fit-events';
import { checkFitOptions, type FitOptions, type FitResult } from './fit-options';
import { shuffleEpoch } from './seeds';

/** Gives the event loop a turn this often, so an abort sent to a worker thread arrives. */
const YIELD_EVERY_MS = 100;

/**
 * Trains `network` on `data` with mini-batches, emitting the events of fit-events.ts. Same network seed,
 * data and options give bit-identical weights; resuming after epoch e gives what an uninterrupted run has.
 * The step path is chosen once (choose-path.ts) and reported in the `start` event and the result. While fit
 * runs, the network's weights belong to it: they are current in every `snapshot` and `epoch` event, in
 * `onEpochEnd`, and when fit returns or throws.
 * Throws `DivergenceError` (weights as before the bad step) when a loss or gradient stops being finite.
 */
export async function fit(network: Network, data: Dataset, options: FitOptions): Promise<FitResult> {
  const { inputSize, outputSize } = network;
  const trainSize = sampleCount(data, inputSize, outputSize, 'fit data');
  const testSize = options.testData ? sampleCount(options.testData, inputSize, outputSize, 'fit testData') : 0;
  checkFitOptions(options, trainSize);
  const { epochs, batchSize } = options;
  const firstEpoch = (options.resume?.epoch ?? 0) + 1;
  const batchesPerEpoch = Math.ceil(trainSize / batchSize);
  const threads = dataParallelThreads(options.dataParallel, batchSize);
  const choice = choosePath(network, data, options, threads);
  const seed = options.seed ?? 0;
  const order = sampleOrder(trainSize, choice.threads > 1);
  const emit = options.onEvent ?? (() => {});
  const layerSizes = [...network.layerSizes];
  emit({ type: 'start', epochs, batchesPerEpoch, trainSize, testSize, layerSizes, firstEpoch, path: choice });
  const settings = {
    data,
    scale: inputScaleOf(data),
    order,
    optimizer: options.optimizer,
    resume: options.resume?.optimizerState,
    weightDecay: options.weightDecay ?? 0,
    seed,
    replica: 0,
    augment: options.augment,
  };
  const path = await startPath(choice, network, settings, options);
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
    },
    path,
    network,
    emit,
  );
  const started = performance.now();
  const history: EpochEvent[] = [];
  let stopped = false;
  try {
    for (let epoch = firstEpoch; epoch <= epochs && !stopped; epoch++) {
      if (options.shuffle ?? true) shuffleEpoch(order, seed, epoch);
      stopped = await trainEpoch(batches, epoch, batchesPerEpoch, options.signal);
      if (stopped) break;
      path.syncWeights();
      const summary = epochSummary(batches, network, options, epoch);
      if (options.onEpochEnd) await options.onEpochEnd({ epoch, optimizerState: path.exportState(), summary });
      history.push(summary);
      emit(summary);
    }
  } finally {
    // Whatever stopped training (a callback, a divergence, an abort), the network holds the latest weights.
    path.syncWeights();
    path.close();
  }
  const last = history[history.length - 1];
  emit({
    type: 'done',
    epochs: last?.epoch ?? firstEpoch - 1,
    stopped,
    seconds: (performance.now() - started) / 1000,
    finalLoss: last?.loss ?? Number.NaN,
    trainAccuracy: last?.trainAccuracy ?? Number.NaN,
    ...(last?.testAccuracy !== undefined ? { testAccuracy: last.testAccuracy } : {}),
  });
  return { epochs: last?.epoch ?? firstEpoch - 1, stopped, optimizerState: path.exportState(), history, path: choice };
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

/** The `epoch` event of a finished epoch: the training figures, and the test set's when there is one. */
function epochSummary(batches: EpochBatches, network: Network, options: FitOptions, epoch: number): EpochEvent {
  const seconds = batches.seconds();
  const test = options.testData ? evaluate(network, options.testData) : undefined;
  return {
    type: 'epoch',
    epoch,
    epochs: options.epochs,
    loss: batches.meanLoss(),
    trainAccuracy: batches.correct / batches.seen,
    ...(test ? { testLoss: test.loss, testAccuracy: test.accuracy } : {}),
    seconds,
    samplesPerSecond: batches.seen / seconds,
    learningRate: batches.learningRate,
  };
}

/**
 * One turn of the event loop: `setImmediate` where it exists (Node), since a 0 ms timeout waits a whole
 * millisecond there, with both threads of a data-parallel fit idle; a timeout elsewhere.
 */
function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
