// The worker file that startTrainingWorker() runs by default (dist/worker.js).
import { runTrainingWorker } from './run-training-worker';

void runTrainingWorker();
