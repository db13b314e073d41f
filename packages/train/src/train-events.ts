import type { EpochEvent, FitEvent } from '@nn/mlp';
import type { TrainConfig } from './config/train-config';
import type { ConfusionMatrix } from './run/test-cells';
import type { WeightHistogram } from './run/weight-histograms';

/**
 * Everything a training run reports, in order: `run` first, then fit()'s events (start, batch, epoch, snapshot,
 * done) with a `checkpoint` after each checkpoint write and `log` lines for people. The CLI prints them, the
 * worker runner forwards them across threads, and the run folder's metrics.jsonl stores them (all but snapshots).
 */
export type TrainEvent = Exclude<FitEvent, EpochEvent> | TrainEpochEvent | RunEvent | CheckpointEvent | LogEvent;

/**
 * fit()'s `epoch` event with the test set's confusion counts of that epoch's weights (confusion[actual][predicted]);
 * absent in runs recorded before it existed, and when a run has no test set.
 */
export interface TrainEpochEvent extends EpochEvent {
  confusion?: ConfusionMatrix;
  /** Each layer's weights at the end of the epoch as a histogram; absent in runs recorded before it existed. */
  histograms?: WeightHistogram[];
}

/** The run folder in use; the first event of every run. */
export interface RunEvent {
  type: 'run';
  runDir: string;
  config: TrainConfig;
  /** Epochs already done when resuming from a checkpoint; 0 for a fresh run. */
  resumedFromEpoch: number;
}

/** A checkpoint was written (atomically) after `epoch` complete epochs. */
export interface CheckpointEvent {
  type: 'checkpoint';
  path: string;
  epoch: number;
}

/** A line of text for people (data source, resume hints). */
export interface LogEvent {
  type: 'log';
  message: string;
}

/** What a finished (or stopped) run gives back; also stored as summary.json. */
export interface TrainResult {
  runDir: string;
  /** Epochs completed, counting those before a resume. */
  epochs: number;
  /** Test accuracy (0–1) and mean loss of the final weights, those in model.safetensors (also when stopped). */
  testAccuracy: number | undefined;
  testLoss: number | undefined;
  /** Training accuracy and mean loss of the last completed epoch; undefined if none completed. */
  trainAccuracy: number | undefined;
  finalLoss: number | undefined;
  /** Mean training wall time per epoch over this invocation's epochs (not counting evaluation). */
  secondsPerEpoch: number;
  /** Wall time of this invocation. */
  seconds: number;
  /** True when a stop request ended training early; the checkpoint then holds the last completed epoch. */
  stopped: boolean;
  /** confusion[actual][predicted] counts of the final weights on the test set. */
  confusion: number[][] | undefined;
  /** Path of the last checkpoint written. */
  checkpointPath: string | undefined;
}
