import { SeededRandom } from '@nn/linalg';
import { batchGatherer } from './batch-gatherer';
import {
  type DataParallelOptions,
  dataParallelThreads,
  ReplicaGroup,
  sharedDataset,
  sharedInt32,
} from './data-parallel/replica-group';
import { type AugmentFn, type Dataset, identityOrder, inputScaleOf, sampleCount } from './dataset';
import { EpochBatches } from './epoch-batches';
import { ConfigError, DivergenceError } from './errors';
import { evaluate } from './evaluate';
import type { FitEvent, LayerSnapshot } from './fit-events';
import type { Network } from './network';
import type { OptimizerConfig, OptimizerState } from './optimizers/optimizer';
import { PerSampleSgd, perSampleSgdApplies } from './per-sample-sgd';
import type { ScheduleConfig } from './schedule';
import { inputDensity, SPARSE_INPUT_DENSITY, SparseInputLayer } from './sparse-input-layer';
import { createTrainingState, dropoutSeed, epochSeed } from './training-state';
import { type StepResult, trainingStep } from './training-step';

export interface FitOptions {
  /** The last epoch to train (1-based, counting resumed ones). */
  epochs: number;
  batchSize: number;
  optimizer: OptimizerConfig;
  /** Default constant. */
  schedule?: ScheduleConfig;
  /** L2 weight decay λ added to each weight gradient (default 0). */
  weightDecay?: number;
  /** Reshuffle the training samples each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffles and dropout masks (default 0); each epoch derives its own stream from it. */
  seed?: number;
  testData?: Dataset;
  augment?: AugmentFn;
  /** Checked between batches; training stops there with `done.stopped = true`. */
  signal?: AbortSignal;
  onEvent?: (event: FitEvent) => void;
  /** Called after each epoch's `epoch` event, awaited: the moment to write a checkpoint. */
  onEpochEnd?: (checkpoint: EpochCheckpoint) => void | Promise<void>;
  /** Continue after a saved epoch, with its optimiser state (from `loadCheckpoint`). */
  resume?: { epoch: number; optimizerState?: OptimizerState };
  /** Minimum milliseconds between `batch` events (default 250) and between `snapshot` events (default 2000). */
  batchEventInterval?: number;
  snapshotInterval?: number;
  /**
   * Train with the per-sample SGD path where it applies (batch size 1, plain SGD, no weight decay or dropout;
   * default true). False runs the batched path at B = 1 instead: the same weights within float rounding.
   */
  perSampleSgd?: boolean;
  /**
   * Train the first layer on the non-zero inputs only (in an input-major weight layout). Default: when
   * fewer than half the inputs of the first 1 000 samples are non-zero (images such as MNIST's).
   */
  sparseInput?: boolean;
  /**
   * Split each batch across threads (data parallelism; see data-parallel/replica-group.ts). Needs no `augment`
   * and `batchSize` ≥ threads. Weights depend on the thread count but not on timing. The calling thread blocks
   * in `Atomics.wait` during steps, so in a browser call fit from a worker.
   */
  dataParallel?: DataParallelOptions;
}

/** The state after a completed epoch; the arrays are live, so save them before training continues. */
export interface EpochCheckpoint {
  epoch: number;
  optimizerState: OptimizerState;
}

export interface FitResult {
  /** The last epoch completed. */
  epochs: number;
  stopped: boolean;
  optimizerState: OptimizerState;
  history: Extract<FitEvent, { type: 'epoch' }>[];
}

/** Gives the event loop a turn this often, so an abort sent to a worker thread arrives. */
const YIELD_EVERY_MS = 100;

/**
 * One turn of the event loop: `setImmediate` where it exists (Node), since a 0 ms timeout waits a whole
 * millisecond there, with both threads of a data-parallel fit idle; a timeout elsewhere.
 */
function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Trains `network` on `data` with mini-batches, emitting the events of fit-events.ts. Same network seed,
 * data and options give bit-identical weights; resuming after epoch e gives what an uninterrupted run has.
 * Throws `DivergenceError` (weights as before the bad step) when a loss or gradient stops being finite.
 */
export async function fit(network: Network, data: Dataset, options: FitOptions): Promise<FitResult> {
  const { inputSize, outputSize } = network;
  const trainSize = sampleCount(data, inputSize, outputSize, 'fit data');
  const testSize = options.testData ? sampleCount(options.testData, inputSize, outputSize, 'fit testData') : 0;
  const { epochs, batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ConfigError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new ConfigError(`epochs must be a non-negative integer, got ${epochs}`);
  if (trainSize === 0) throw new ConfigError('fit data has no samples');
  const firstEpoch = (options.resume?.epoch ?? 0) + 1;
  const batchesPerEpoch = Math.ceil(trainSize / batchSize);
  const threads = dataParallelThreads(options.dataParallel, batchSize, options.augment !== undefined);
  const sparse =
    !perSampleSgdApplies(network, options) &&
    (options.sparseInput ?? inputDensity(data, inputSize) < SPARSE_INPUT_DENSITY)
      ? new SparseInputLayer(network)
      : undefined;
  const denseFirstPasses = network.layers[0]!.passes;
  // With a sparse first layer, the optimiser updates W1ᵀ (and holds its state) in that layout.
  const state = createTrainingState(network, sparse, options.optimizer, options.resume?.optimizerState);
  const { gradients, gradientList, parameters, optimizer } = state;
  /** The optimiser's state in the network's layout (W1 written back first). */
  const exportState = () => {
    sparse?.writeBack();
    return sparse ? sparse.exportState(optimizer.state()) : optimizer.state();
  };
  // Batch size 1 with plain SGD: the lean per-sample path, same weights within float rounding (per-sample-sgd.ts).
  const perSample = perSampleSgdApplies(network, options) ? new PerSampleSgd(network, optimizer) : undefined;
  const schedule = options.schedule ?? { type: 'constant' };
  const weightDecay = options.weightDecay ?? 0;
  const seed = options.seed ?? 0;
  const scale = inputScaleOf(data);
  const order = threads > 1 ? sharedInt32(trainSize) : new Int32Array(trainSize);
  order.set(identityOrder(trainSize));
  const gather = batchGatherer(network, sparse, data, scale, order, options.augment);
  let group: ReplicaGroup | undefined;
  const emit = options.onEvent ?? (() => {});
  const history: FitResult['history'] = [];
  const stepResult = { loss: 0, correct: 0, finite: true };
  const started = performance.now();
  let stopped = false;
  let completed = firstEpoch - 1;
  let lastLoss = Number.NaN;
  let lastTrainAccuracy = Number.NaN;
  let requests = 0;
  let dropoutRng: SeededRandom | undefined;
  /** One step on this thread alone: gather the batch, then the per-sample or the batched step. */
  const stepHere = (start: number, size: number, epoch: number): StepResult => {
    const buffers = gather(start, size, epoch);
    if (perSample) return perSample.step(buffers, stepResult);
    if (sparse) network.layers[0]!.passes = sparse.passes;
    try {
      return trainingStep(
        network,
        buffers,
        gradients,
        gradientList,
        parameters,
        optimizer,
        weightDecay,
        dropoutRng,
        stepResult,
      );
    } finally {
      network.layers[0]!.passes = denseFirstPasses;
    }
  };

  const batches = new EpochBatches(
    {
      trainSize,
      batchSize,
      batchesPerEpoch,
      epochs,
      schedule,
      baseLearningRate: options.optimizer.learningRate,
      batchInterval: options.batchEventInterval ?? 250,
      snapshotInterval: options.snapshotInterval ?? 2000,
      yieldInterval: YIELD_EVERY_MS,
    },
    optimizer,
    (start, size, epoch) =>
      group ? group.step(++requests, epoch, start, size, stepResult) : stepHere(start, size, epoch),
    emit,
    (epoch, batch) => {
      sparse?.writeBack();
      perSample?.writeBack();
      emit({ type: 'snapshot', epoch, batch, layers: snapshotLayers(network) });
    },
  );

  emit({
    type: 'start',
    epochs,
    batchesPerEpoch,
    trainSize,
    testSize,
    layerSizes: [...network.layerSizes],
    firstEpoch,
  });
  try {
    if (threads > 1) {
      const settings = { data: sharedDataset(data), scale, order, batchSize, weightDecay, seed };
      const dataParallel = { ...options.dataParallel!, threads };
      const resumeState = options.resume?.optimizerState;
      group = await ReplicaGroup.start(dataParallel, network, sparse, state, settings, options.optimizer, resumeState);
    }
    for (let epoch = firstEpoch; epoch <= epochs && !stopped; epoch++) {
      // Each epoch's shuffle and dropout streams depend only on (seed, epoch): resuming replays them exactly.
      const epochRng = new SeededRandom(epochSeed(seed, epoch));
      if (options.shuffle ?? true) {
        order.set(identityOrder(trainSize));
        epochRng.shuffle(order);
      }
      dropoutRng = network.dropout > 0 ? new SeededRandom(dropoutSeed(seed, epoch, 0)) : undefined;
      batches.begin(epoch);
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        if (options.signal?.aborted) {
          stopped = true;
          break;
        }
        let result = batches.step(batch);
        // Only a step whose helpers are late returns a promise (see ReplicaGroup.step).
        if (result instanceof Promise) result = await result;
        if (!result.finite) {
          sparse?.writeBack();
          throw new DivergenceError(epoch, batch + 1, batches.learningRate);
        }
        if (batches.finish(batch, result) && batches.emitDue(batch, result)) {
          await nextTurn();
          batches.yielded();
        }
      }
      perSample?.writeBack();
      if (stopped) break;
      const seconds = batches.seconds();
      sparse?.writeBack();
      const { seen, learningRate } = batches;
      lastLoss = batches.meanLoss();
      lastTrainAccuracy = batches.correct / seen;
      const test = options.testData ? evaluate(network, options.testData) : undefined;
      const event: FitResult['history'][number] = {
        type: 'epoch',
        epoch,
        epochs,
        loss: lastLoss,
        trainAccuracy: lastTrainAccuracy,
        ...(test ? { testLoss: test.loss, testAccuracy: test.accuracy } : {}),
        seconds,
        samplesPerSecond: seen / seconds,
        learningRate,
      };
      history.push(event);
      emit(event);
      completed = epoch;
      if (options.onEpochEnd) await options.onEpochEnd({ epoch, optimizerState: exportState() });
    }
  } catch (error) {
    // Whatever stopped training (a callback, a divergence), the network holds the latest W1 in its own layout.
    sparse?.writeBack();
    throw error;
  } finally {
    group?.close();
  }
  const optimizerState = exportState();
  const finalTest = history[history.length - 1]?.testAccuracy;
  emit({
    type: 'done',
    epochs: completed,
    stopped,
    seconds: (performance.now() - started) / 1000,
    finalLoss: lastLoss,
    trainAccuracy: lastTrainAccuracy,
    ...(finalTest !== undefined ? { testAccuracy: finalTest } : {}),
  });
  return { epochs: completed, stopped, optimizerState, history };
}

/** Copies of every layer's weights and bias, safe to transfer to another thread. */
export function snapshotLayers(network: Network): LayerSnapshot[] {
  return network.layers.map((layer) => ({
    rows: layer.weights.rows,
    cols: layer.weights.cols,
    weights: layer.weights.data.slice(),
    bias: layer.bias.data.slice(),
  }));
}
