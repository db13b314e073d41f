import type { ReplicaInit } from '@nn/mlp/internal';
import type { AugmentationConfig, TrainConfig } from '../config/train-config';
import type { TrainEvent, TrainResult } from '../train-events';

/**
 * What the parent gives the worker at start (as `workerData`): a new run, or a run folder to resume, with the
 * worker file itself (`workerPath`, so the run can start its helper threads from the same file); or, for such a
 * helper thread, its part of a data-parallel fit.
 */
export type WorkerJob =
  | (({ kind: 'train'; config: TrainConfig } | { kind: 'resume'; runDir: string }) &
      EventIntervals & { workerPath: string })
  | { kind: 'replica'; init: ReplicaInit; augmentation?: ReplicaAugmentation };

/** What a helper thread needs to draw the run's augmentation itself (a function cannot be sent to a thread). */
export interface ReplicaAugmentation {
  augmentation: AugmentationConfig;
  seed: number;
}

/** How often fit() reports batches and weight snapshots, in milliseconds (undefined: fit()'s defaults). */
export interface EventIntervals {
  batchEventInterval?: number;
  snapshotInterval?: number;
}

/** Parent → worker. */
export type ToWorkerMessage = { type: 'stop' };

/** Worker → parent. Snapshot weights travel as transferred ArrayBuffers inside `event`. */
export type FromWorkerMessage =
  | { type: 'event'; event: TrainEvent }
  | { type: 'result'; result: TrainResult }
  | { type: 'failure'; name: string; message: string };
