import { Worker } from 'node:worker_threads';
import type { DataParallelOptions } from '@nn/mlp';
import type { ReplicaAugmentation, WorkerJob } from './worker-messages';

/**
 * A helper allocates almost nothing once it trains, but V8 sizes each thread's young generation from its busy
 * start-up and keeps it: capped, the accuracy recipe's peak is 5–7 MiB lower at the same speed (docs/benchmarks.md).
 */
const HELPER_LIMITS = { maxYoungGenerationSizeMb: 6 };

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
      const worker = new Worker(workerPath, { workerData: job(init), resourceLimits: HELPER_LIMITS });
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
