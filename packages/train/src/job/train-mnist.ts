import {
  DivergenceError,
  type Evaluation,
  evaluate,
  type FitOptions,
  fit,
  Network,
  type OptimizerConfig,
} from '@nn/mlp';
import type { TrainConfig } from '../config/train-config';
import { validateConfig } from '../config/validate-config';
import { TrainError } from '../errors';
import { RunFolder } from '../run/run-folder';
import { unitStatisticsRecord } from '../run/unit-statistics';
import { weightHistogram } from '../run/weight-histograms';
import type { TrainEpochEvent, TrainEvent, TrainResult } from '../train-events';
import { workerThreadsParallel } from '../worker/replica-threads';
import { defaultWorkerPath } from '../worker/start-training-worker';
import { encodeModel, encodeTrainingState, resumePoint, type TrainingState } from './checkpoint';
import { digitAugmentation } from './digit-augmentation';
import { epochEndCollector } from './epoch-collection';
import { testCellsOf } from './test-cells-of';
import { loadTrainingData, type TrainingData } from './training-data';

/** What `trainMnist` and `resumeTraining` take besides the config: stopping, events and their rates. */
export interface TrainOptions {
  /** Aborting stops training after the current batch; the run then writes a checkpoint and its summary. */
  signal?: AbortSignal;
  /** Called with every event of the run (run, start, batch, epoch, snapshot, checkpoint, log, done), in order. */
  onEvent?: (event: TrainEvent) => void;
  /** Minimum milliseconds between `batch` events (fit()'s default 250) and between `snapshot` events (2000). */
  batchEventInterval?: number;
  snapshotInterval?: number;
  /**
   * The file helper threads run when `config.threads` > 1: one whose body is `runTrainingWorker()`. Default
   * dist/worker.js beside this module; the training worker passes its own file.
   */
  workerPath?: string;
}

/**
 * Trains an MLP on MNIST as `config` says, in a new run folder under `config.outDir`: resolves the data, builds the
 * network, fits with a test evaluation each epoch, checkpoints after every epoch and on stop, writes summary.json.
 */
export async function trainMnist(config: TrainConfig, options: TrainOptions = {}): Promise<TrainResult> {
  const checked = validateConfig(config);
  // Data first: a run that cannot find its data leaves no empty run folder behind.
  const data = await loadTrainingData(checked);
  const folder = RunFolder.create(checked);
  return runInFolder(folder, checked, data, undefined, options);
}

/**
 * Continues a run folder from its last completed epoch with the saved config. The weights, optimiser state and
 * the per-epoch shuffles, dropout masks and augmentations all match what an uninterrupted run would have had.
 */
export async function resumeTraining(runDir: string, options: TrainOptions = {}): Promise<TrainResult> {
  const folder = RunFolder.open(runDir);
  const config = folder.readConfig();
  const state = resumePoint(folder, config);
  if (state !== undefined && state.epoch >= config.epochs) {
    throw new TrainError(`${folder.path}: the run already completed all ${config.epochs} epochs; nothing to resume`);
  }
  return runInFolder(folder, config, await loadTrainingData(config), state, options);
}

async function runInFolder(
  folder: RunFolder,
  config: TrainConfig,
  data: TrainingData,
  resumeFrom: TrainingState | undefined,
  options: TrainOptions,
): Promise<TrainResult> {
  const started = performance.now();
  // From the epoch's end (onEpochEnd): the test confusion and the weight histograms, added to fit()'s next epoch event.
  let epochExtras: Pick<TrainEpochEvent, 'epoch' | 'confusion' | 'histograms'> | undefined;
  // The latest epoch's test evaluation: when training ran to its end, the final figures are that epoch's.
  let epochTest: { epoch: number; evaluation: Evaluation } | undefined;
  const collectGarbage = epochEndCollector();
  // A resumed run's start event (fit emits one): the path has copied the resumed state, so the decoded resume file is
  // garbage; freed before the first step, it never adds to what the step's own first allocations take.
  const collectAtStart = resumeFrom !== undefined;
  const emit = (fitEvent: TrainEvent) => {
    const event =
      fitEvent.type === 'epoch' && epochExtras?.epoch === fitEvent.epoch ? { ...fitEvent, ...epochExtras } : fitEvent;
    folder.appendEvent(event);
    options.onEvent?.(event);
    if (collectAtStart && event.type === 'start') collectGarbage(true);
  };
  emit({ type: 'run', runDir: folder.path, config, resumedFromEpoch: resumeFrom?.epoch ?? 0 });
  emit({ type: 'log', message: data.description });

  const network = resumeFrom?.network ?? buildNetwork(config, data.train.inputs.length / data.train.labels.length);
  let checkpointPath: string | undefined;
  const fitOptions: FitOptions = {
    epochs: config.epochs,
    batchSize: config.batchSize,
    optimizer: optimizerConfig(config),
    schedule: config.schedule === 'cosine' ? { type: 'cosine' } : { type: 'constant' },
    seed: config.seed,
    testData: data.test,
    ...(config.augmentation ? { augment: digitAugmentation(config.augmentation, config.seed) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.batchEventInterval !== undefined ? { batchEventInterval: options.batchEventInterval } : {}),
    ...(options.snapshotInterval !== undefined ? { snapshotInterval: options.snapshotInterval } : {}),
    ...(resumeFrom ? { resume: { epoch: resumeFrom.epoch, optimizerState: resumeFrom.optimizerState } } : {}),
    ...((config.threads ?? 1) > 1
      ? {
          dataParallel: workerThreadsParallel(config.threads!, options.workerPath ?? defaultWorkerPath(), {
            augmentation: config.augmentation,
            seed: config.seed,
          }),
        }
      : {}),
    onEvent: emit,
    onEpochEnd: ({ epoch, optimizerState, test }) => {
      epochExtras = { epoch, histograms: network.layers.map((layer) => weightHistogram(layer.weights.data)) };
      if (test) {
        epochTest = { epoch, evaluation: test };
        const { confusion, cells } = testCellsOf(test, data.test.labels, epoch);
        epochExtras.confusion = confusion;
        folder.writeTestCells(cells);
        if (test.units) folder.writeUnitStatistics(unitStatisticsRecord(test.units, epoch, config.activation));
      }
      // Resume state first: if we die between the two writes, resume still has a consistent epoch to start from.
      folder.writeResumeState(encodeTrainingState(network, { epoch, optimizerState, config }));
      checkpointPath = folder.writeModel(encodeModel(network, { epoch, config }));
      emit({ type: 'checkpoint', path: checkpointPath, epoch });
      collectGarbage();
    },
  };
  let fitted: Awaited<ReturnType<typeof fit>>;
  try {
    const fitting = fit(network, data.train, fitOptions);
    // fit has read the resumed optimiser state (FitOptions.resume); these were the other references to the decoded
    // resume file (22 MB for the accuracy recipe), which can then be freed while training.
    fitOptions.resume = undefined;
    resumeFrom = undefined;
    fitted = await fitting;
  } catch (error) {
    if (error instanceof DivergenceError) {
      emit({ type: 'log', message: error.message });
      folder.recordDivergence(error.epoch - 1, (performance.now() - started) / 1000);
    }
    throw error;
  }
  if (fitted.stopped) {
    // The weights as they were when stopped, for eval/predict; resume still starts from the last whole epoch.
    checkpointPath = folder.writeModel(encodeModel(network, { epoch: fitted.epochs, config }));
    emit({ type: 'checkpoint', path: checkpointPath, epoch: fitted.epochs });
  }

  // A turn of the event loop before and after the test set's (synchronous) evaluation: a signal that came during
  // the work before it, such as a second Ctrl-C asking to quit at once, is handled there and not after the run.
  await nextTurn();
  const final =
    !fitted.stopped && epochTest?.epoch === fitted.epochs ? epochTest.evaluation : evaluate(network, data.test);
  await nextTurn();
  const epochsRun = fitted.history;
  const last = epochsRun[epochsRun.length - 1];
  const result: TrainResult = {
    runDir: folder.path,
    epochs: fitted.epochs,
    testAccuracy: final.accuracy,
    testLoss: final.loss,
    trainAccuracy: last?.trainAccuracy,
    finalLoss: last?.loss,
    secondsPerEpoch: epochsRun.length > 0 ? epochsRun.reduce((s, e) => s + e.seconds, 0) / epochsRun.length : 0,
    seconds: (performance.now() - started) / 1000,
    stopped: fitted.stopped,
    confusion: final.confusion,
    checkpointPath,
  };
  folder.writeSummary(result);
  return result;
}

function buildNetwork(config: TrainConfig, inputSize: number): Network {
  const mse = config.loss === 'mse';
  return new Network({
    layerSizes: [inputSize, ...config.hiddenLayers, 10],
    hiddenActivation: config.activation,
    // The seed's network squashes its outputs with a sigmoid and compares them to one-hot targets.
    outputActivation: mse ? 'sigmoid' : 'softmax',
    loss: config.loss,
    seed: config.seed,
    dropout: config.dropout,
  });
}

function optimizerConfig(config: TrainConfig): OptimizerConfig {
  switch (config.optimizer) {
    case 'adam':
      return { type: 'adam', learningRate: config.learningRate };
    case 'sgd':
      return {
        type: 'sgd',
        learningRate: config.learningRate,
        ...(config.momentum ? { momentum: config.momentum } : {}),
      };
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
