import { Worker } from 'node:worker_threads';
import type { DataParallelOptions } from '@nn/mlp';
import { TRAINING_THREAD_LIMITS } from './thread-limits';
import type { ReplicaAugmentation, WorkerJob } from './worker-messages';

/**
 * fit()'s `dataParallel` option over worker_threads: each helper thread runs `workerPath` (a file whose body is
 * `runTrainingWorker()`, such as dist/worker.js) with a `replica` job, which builds the run's augmentation (when
 * it has one) in that thread. A thread that fails to start or dies is reported to fit(), which then throws a
 * DataParallelError instead of waiting for it.
 */
export function workerThreadsParallel(
  threads: number,
  workerPath: string,
  { augmentation, seed }: Partial<ReplicaAugmentation> & { seed: number },
): DataParallelOptions {
  const job = (init: Parameters<DataParallelOptions['startThread']>[0]): WorkerJob => ({
    kind: 'replica',
    init,
    ...(augmentation ? { augmentation: { augmentation, seed } } : {}),
  });
  return {
    threads,
    startThread(init, onFailure) {
      const worker = new Worker(workerPath, { workerData: job(init), resourceLimits: TRAINING_THREAD_LIMITS });
      let terminating = false;
      worker.on('error', (error) => onFailure(`thread failed: ${error.message}`));
      worker.on('exit', (code) => {
        if (!terminating && code !== 0) onFailure(`thread exited with code ${code}`);
      });
      return {
        terminate() {
          terminating = true;
          return worker.terminate();
        },
      };
    },
  };
}
