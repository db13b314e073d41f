import { ConfigError } from '../errors';
import type { DataParallelOptions } from '../paths/data-parallel/data-parallel-options';
import type { PathChoice } from '../paths/step-path';
import type { AugmentFn, ClassDataset, RegressionDataset } from './dataset';
import type { Evaluation, RegressionEvaluation } from './evaluate';
import type { EpochEvent, FitEvent, RegressionEpochEvent, RegressionFitEvent } from './fit-events';
import type { OptimizerConfig, OptimizerState } from './optimizers/optimizer';
import type { ScheduleConfig } from './schedule';

/**
 * What `fit` takes besides the network and the training data, whatever the kind of data: `FitOptions` (classes)
 * and `RegressionFitOptions` add the test data and the callbacks, whose events differ.
 */
export interface FitSettings {
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
  /** Seed of the shuffles and dropout masks (default 0): each epoch's shuffle and each sample's masks derive from it. */
  seed?: number;
  augment?: AugmentFn;
  /** Checked between batches; training stops there with `done.stopped = true`. */
  signal?: AbortSignal;
  /**
   * Continue after a saved epoch, with its optimiser state (from `loadCheckpoint`). fit keeps its own reference
   * until the training path has copied the state, before the `start` event: a caller may drop its references once
   * fit is called, and the state's memory can be freed from that event on.
   */
  resume?: { epoch: number; optimizerState?: OptimizerState };
  /** Minimum milliseconds between `batch` events (default 250) and between `snapshot` events (default 2000). */
  batchEventInterval?: number;
  /** `Infinity` emits no snapshots: each copies every weight, which a run nobody watches need not pay for. */
  snapshotInterval?: number;
  /**
   * Train with the per-sample SGD path where it applies (batch size 1, plain SGD, no weight decay or dropout;
   * default true). False runs the dense path at B = 1 instead: the same weights within float rounding.
   */
  perSampleSgd?: boolean;
  /**
   * Train the first layer on the non-zero inputs only (in an input-major weight layout). Default: when
   * fewer than half the inputs of the first 1 000 samples are non-zero (images such as MNIST's).
   */
  sparseInput?: boolean;
  /**
   * Run each step (or each thread's shard) as two calls into WebAssembly over buffers allocated once, the first
   * layer over the non-zero inputs (path `wasm-step`), where it applies (see training/choose-path.ts). Default:
   * wherever the first layer skips zero inputs; false keeps the `sparse-input` path there, true asks for it on
   * dense inputs too.
   */
  wasmStep?: boolean;
  /**
   * Split each batch across threads (data parallelism). Needs `batchSize` ≥ threads; with `augment`, each helper
   * thread's body passes the same augmentation to `runReplica`. Weights depend on the thread count but not on
   * timing. The calling thread blocks in `Atomics.wait` during steps, so in a browser call fit from a worker.
   */
  dataParallel?: DataParallelOptions;
}

/** What `fit` takes besides the network and class training data (`labels`). */
export interface FitOptions extends FitSettings {
  testData?: ClassDataset;
  /** Called with every event of the run (start, batch, epoch, snapshot, done), in order. */
  onEvent?: (event: FitEvent) => void;
  /**
   * Called after each epoch, awaited, before that epoch's `epoch` event: the moment to write a checkpoint, so that
   * a record of the event never claims an epoch no checkpoint holds.
   */
  onEpochEnd?: (checkpoint: EpochCheckpoint) => void | Promise<void>;
}

/** What `fit` takes besides the network and regression training data (`targets`): events report errors, not accuracy. */
export interface RegressionFitOptions extends FitSettings {
  testData?: RegressionDataset;
  /** Called with every event of the run (start, batch, epoch, snapshot, done), in order. */
  onEvent?: (event: RegressionFitEvent) => void;
  /** As `FitOptions.onEpochEnd`, with the regression epoch's figures. */
  onEpochEnd?: (checkpoint: EpochCheckpoint<RegressionEpochEvent>) => void | Promise<void>;
}

/**
 * The state after a completed epoch. The arrays are live, so save them (write them out, or copy each with `slice()`)
 * before training continues: a data-parallel fit's optimiser state views shared memory that the next step writes
 * over, and `structuredClone` or `postMessage` would keep sharing it.
 */
export interface EpochCheckpoint<Summary extends EpochEvent | RegressionEpochEvent = EpochEvent> {
  epoch: number;
  optimizerState: OptimizerState;
  /** The figures the `epoch` event will carry once the checkpoint is written. */
  summary: Summary;
  /**
   * The test set's evaluation behind the summary's test figures (with, for classes, each sample's prediction and
   * confidence), when `testData` was given.
   */
  test?: (Summary extends RegressionEpochEvent ? RegressionEvaluation : Evaluation) | undefined;
}

/** What `fit` resolves with: how far it got, the optimiser's state for a checkpoint, the epochs' figures and the path. */
export interface FitResult<Summary extends EpochEvent | RegressionEpochEvent = EpochEvent> {
  /** The last epoch completed. */
  epochs: number;
  stopped: boolean;
  optimizerState: OptimizerState;
  history: Summary[];
  /** The step path that trained, and why (see training/choose-path.ts). */
  path: PathChoice;
}

/** What `fit` on regression data resolves with. */
export type RegressionFitResult = FitResult<RegressionEpochEvent>;

/** Throws a `ConfigError` naming the first option fit cannot run with. */
export function checkFitOptions(options: FitSettings, trainSize: number): void {
  const { epochs, batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ConfigError(`batchSize must be a positive integer, got ${batchSize}`);
  // epochs: 0 would train nothing and report NaN figures, so it is refused like any other unusable option.
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new ConfigError(`epochs must be a positive integer, got ${epochs}`);
  if (trainSize === 0) throw new ConfigError('fit data has no samples');
}
