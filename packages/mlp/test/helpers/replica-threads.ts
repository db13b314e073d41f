import { Worker } from 'node:worker_threads';
import type { DataParallelOptions } from '../../src/index';

/** Helper threads running the built package's runReplica (see fixtures/replica-worker.mjs). */
export function replicaThreads(count: number, splitUpdate?: boolean): DataParallelOptions {
  return {
    threads: count,
    ...(splitUpdate === undefined ? {} : { splitUpdate }),
    startThread(init, onFailure) {
      const worker = new Worker(new URL('../fixtures/replica-worker.mjs', import.meta.url), { workerData: { init } });
      worker.on('error', (error) => onFailure(error.message));
      return worker;
    },
  };
}
