import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrainConfig } from '../config/train-config';
import { WorkerError } from '../errors';
import type { TrainEvent, TrainResult } from '../train-events';
import { TRAINING_THREAD_LIMITS } from './thread-limits';
import type { EventIntervals, FromWorkerMessage, ToWorkerMessage, WorkerJob } from './worker-messages';

/** What `startTrainingWorker` and `resumeTrainingWorker` take: the event rates and the worker script. */
export interface TrainingWorkerOptions extends EventIntervals {
  /**
   * The worker script to run. Defaults to dist/worker.js next to this module; a bundle that inlines @nn/train
   * (the VS Code extension) passes its own file, whose body is `runTrainingWorker()`.
   */
  workerPath?: string;
}

/** A training run in a worker thread. */
export interface TrainingHandle {
  /** Subscribes to the run's events, in order; returns the unsubscribe function. */
  events(listener: (event: TrainEvent) => void): () => void;
  /** Asks the run to stop after the current batch and write a checkpoint. Safe to call more than once. */
  stop(): void;
  /**
   * Ends the worker at once, as a killed process would be: the run folder keeps its last checkpoint and gets no
   * summary, so it reads as interrupted and can be resumed (what closing a window does to its run). `done` then
   * rejects with a `WorkerError` saying so. Safe to call more than once.
   */
  interrupt(): void;
  /**
   * Settles once the worker thread has exited: the result (also when stopped), or a `WorkerError` if the job
   * failed, the worker crashed or it was killed. No worker is left running after it settles.
   */
  done: Promise<TrainResult>;
}

/** Starts `trainMnist(config)` in a worker thread. */
export function startTrainingWorker(config: TrainConfig, options: TrainingWorkerOptions = {}): TrainingHandle {
  return startJob({ kind: 'train', config, ...intervals(options) }, options);
}

/** Starts `resumeTraining(runDir)` in a worker thread. */
export function resumeTrainingWorker(runDir: string, options: TrainingWorkerOptions = {}): TrainingHandle {
  return startJob({ kind: 'resume', runDir, ...intervals(options) }, options);
}

type WorkerJobWithoutPath = DistributiveOmit<Exclude<WorkerJob, { kind: 'replica' }>, 'workerPath'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function intervals(options: TrainingWorkerOptions): EventIntervals {
  return { batchEventInterval: options.batchEventInterval, snapshotInterval: options.snapshotInterval };
}

/** dist/worker.js beside this module once built (the library and the worker are emitted into one folder). */
export function defaultWorkerPath(): string {
  return fileURLToPath(new URL('./worker.js', import.meta.url));
}

function startJob(job: WorkerJobWithoutPath, options: TrainingWorkerOptions): TrainingHandle {
  const listeners = new Set<(event: TrainEvent) => void>();
  const workerPath = options.workerPath ?? defaultWorkerPath();
  const worker = new Worker(workerPath, {
    workerData: { ...job, workerPath } satisfies WorkerJob,
    resourceLimits: TRAINING_THREAD_LIMITS,
  });
  let result: TrainResult | undefined;
  let failure: WorkerError | undefined;
  let exited = false;
  let interrupted = false;

  worker.on('message', (message: FromWorkerMessage) => {
    if (message.type === 'event') {
      for (const listener of listeners) listener(message.event);
    } else if (message.type === 'result') {
      result = message.result;
      // The job is over; do not wait for the thread to wind down on its own.
      void worker.terminate();
    } else {
      failure = new WorkerError(`training failed: ${message.message}`, {
        name: message.name,
        message: message.message,
      });
      void worker.terminate();
    }
  });
  worker.on('error', (error) => {
    failure ??= new WorkerError(`training worker crashed: ${error.message}`);
  });

  const done = new Promise<TrainResult>((resolve, reject) => {
    worker.on('exit', (code) => {
      exited = true;
      listeners.clear();
      if (result !== undefined) resolve(result);
      else if (interrupted)
        reject(new WorkerError('training was interrupted: the run can be resumed from its checkpoint'));
      else reject(failure ?? new WorkerError(`training worker exited with code ${code} before finishing`));
    });
  });

  return {
    events(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      if (!exited) worker.postMessage({ type: 'stop' } satisfies ToWorkerMessage);
    },
    interrupt() {
      if (exited || result !== undefined) return;
      interrupted = true;
      void worker.terminate();
    },
    done,
  };
}
