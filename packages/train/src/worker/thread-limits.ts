import type { ResourceLimits } from 'node:worker_threads';

/**
 * The training threads' young generation, capped. V8 grows a thread's young generation while many young objects
 * survive its collections (a run's busy start, each epoch's end) and keeps it for the run: capped, the accuracy
 * recipe's peak memory is lower at the same speed (docs/benchmarks.md).
 */
export const TRAINING_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 6 };
