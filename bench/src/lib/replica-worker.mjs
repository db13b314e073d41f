// @ts-check
// The helper thread of a data-parallel @nn/mlp fit in the training benchmark (fit's `dataParallel.startThread`).
import { workerData } from 'node:worker_threads';
import { runReplica } from '@nn/mlp/internal';

runReplica(workerData.init);
