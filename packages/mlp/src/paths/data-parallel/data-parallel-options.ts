import { ConfigError } from '../../errors';
import type { ReplicaInit } from './run-replica';

/**
 * Data parallelism for `fit`: each batch is split into `threads` near-equal shards, computed at the same time
 * (this thread takes the first); each thread sums the shards' gradients over its share of the parameters in a
 * fixed order, updates that share, and the threads copy each other's (see replica.ts). Results depend on
 * `threads`, never on timing.
 */
export interface DataParallelOptions {
  /** Threads working on each batch, this one included; 1 trains without helpers. */
  threads: number;
  /**
   * Whether each thread updates only its share of the parameters (and of the optimiser state), copying in the
   * others', instead of every thread updating all of them. Default: for networks of 50 000 parameters or more,
   * where the update's work outweighs the extra waits between threads (on a quiet machine: beside a busy process
   * the waits cost more, see docs/benchmarks.md).
   */
  splitUpdate?: boolean;
  /**
   * Whether the helper threads' kernels work in parts of this thread's kernel memory, with the channel's slots
   * there too, so each thread's gradient sum reads the others' posted gradients in place instead of copying them
   * first (default: wherever the kernels run over shared WebAssembly memory). Same results either way.
   */
  sharedKernelMemory?: boolean;
  /**
   * Starts a thread whose body is `runReplica(init)` (from `@nn/mlp/internal`; in Node: a worker_threads Worker
   * given `init` as its workerData; @nn/train has one), or `runReplica(init, { augment })` with the same
   * augmentation as the fit's when it has one. Call `onFailure` if the thread cannot start or ends with an error.
   */
  startThread(init: ReplicaInit, onFailure: (message: string) => void): ReplicaThread;
}

/** A helper thread as `startThread` returns it: all the path needs is to end it. */
export interface ReplicaThread {
  /** Ends the thread; called when training finishes or fails. */
  terminate(): unknown;
}

/** Checks `options` against the fit's batch size; returns the thread count to use. */
export function dataParallelThreads(options: DataParallelOptions | undefined, batchSize: number): number {
  if (!options || options.threads === 1) return 1;
  const { threads } = options;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ConfigError(`dataParallel.threads must be a positive integer, got ${threads}`);
  }
  if (batchSize < threads) {
    throw new ConfigError(`dataParallel: batchSize ${batchSize} cannot be split across ${threads} threads`);
  }
  return threads;
}
