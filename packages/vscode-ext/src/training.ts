import { ConfigError } from '@nn/mlp';
import type { TrainEvent } from '@nn/train';
import type { ConfigOverrides } from './settings';

/**
 * What the controller needs from a training run. The real one is @nn/train's worker runner
 * (train-adapter.ts); keeping this seam small lets the controller be tested without threads.
 */

/** The events of a run: @nn/train's own type, so a change there is a compile error here. */
export type TrainingEvent = TrainEvent;

export interface TrainingOutcome {
  runDir: string;
  epochs: number;
  testAccuracy: number | undefined;
  stopped: boolean;
}

export interface TrainingRun {
  /** Subscribes to the run's events; returns a function that unsubscribes. */
  onEvent(listener: (event: TrainingEvent) => void): () => void;
  /** Asks the run to stop after the current batch; the last checkpoint is kept. */
  stop(): void;
  /**
   * Ends the worker at once (the window is closing): the run keeps its last checkpoint and no summary, so the next
   * window finds it interrupted and offers to resume it.
   */
  interrupt(): void;
  /** Settles when the worker has finished (resolves even when stopped; rejects on a crash). */
  readonly done: Promise<TrainingOutcome>;
}

export interface TrainingRequest extends ConfigOverrides {
  /** Undefined lets @nn/train resolve the data (NN_MNIST_DIR, cache, bundled package). */
  dataDir?: string;
  outDir: string;
}

export type StartTraining = (request: TrainingRequest) => TrainingRun;

/** Continues a stopped run in its own folder from its resume checkpoint. */
export type ResumeTraining = (runDir: string) => TrainingRun;

/** @nn/train's `ConfigError` (@nn/mlp's class) starts with the field, `batchSize: …`: we report that setting. */
export function settingOfConfigError(error: unknown): string | undefined {
  const field = error instanceof ConfigError ? /^([\w.]+): /.exec(error.message)?.[1] : undefined;
  return field === undefined ? undefined : `nn.${field}`;
}
