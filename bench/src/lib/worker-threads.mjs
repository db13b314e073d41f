// @ts-check
import { Worker } from 'node:worker_threads';

/**
 * fit()'s `dataParallel` option over worker_threads running ./replica-worker.mjs.
 * @param {number} threads
 * @returns {import('@nn/mlp').DataParallelOptions}
 */
export function workerThreads(threads) {
  return {
    threads,
    startThread(init, onFailure) {
      const worker = new Worker(new URL('./replica-worker.mjs', import.meta.url), { workerData: { init } });
      worker.on('error', (error) => onFailure(error.message));
      return { terminate: () => worker.terminate() };
    },
  };
}

/**
 * A copy of `bytes` in shared memory, as @nn/train loads images for helper threads.
 * @param {Uint8Array} bytes
 */
export function toShared(bytes) {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}
