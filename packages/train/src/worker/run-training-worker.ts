import { parentPort, workerData } from 'node:worker_threads';
import { runReplica } from '@nn/mlp/internal';
import { digitAugmentation } from '../job/digit-augmentation';
import { resumeTraining, trainMnist } from '../job/train-mnist';
import type { TrainEvent } from '../train-events';
import type { FromWorkerMessage, ToWorkerMessage, WorkerJob } from './worker-messages';

/**
 * The body of a training worker thread: runs the job from `workerData`, streams its events to the parent,
 * stops gracefully on a `stop` message, and ends with exactly one `result` or `failure` message.
 * Exported so a bundler-built worker file (the VS Code extension's) can be just `runTrainingWorker()`.
 */
export async function runTrainingWorker(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('runTrainingWorker() must be called inside a worker thread');
  const job = workerData as WorkerJob;
  if (job.kind === 'replica') {
    // A helper thread of a data-parallel fit: it blocks until the run stops it, and reports through shared memory.
    const { augmentation } = job;
    runReplica(
      job.init,
      augmentation ? { augment: digitAugmentation(augmentation.augmentation, augmentation.seed) } : {},
    );
    port.close();
    return;
  }
  const controller = new AbortController();
  port.on('message', (message: ToWorkerMessage) => {
    if (message.type === 'stop') controller.abort();
  });
  const post = (message: FromWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const onEvent = (event: TrainEvent) => post({ type: 'event', event }, transferList(event));
  try {
    const options = {
      signal: controller.signal,
      onEvent,
      batchEventInterval: job.batchEventInterval,
      snapshotInterval: job.snapshotInterval,
      workerPath: job.workerPath,
    };
    const result =
      job.kind === 'resume' ? await resumeTraining(job.runDir, options) : await trainMnist(job.config, options);
    post({ type: 'result', result });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: 'failure', name: e.name, message: e.message });
  } finally {
    port.close();
  }
}

/**
 * Snapshot weights are handed over, not copied. A buffer can only be transferred whole, so a view into a larger
 * buffer (or a shared one) is first copied into its own.
 */
function transferList(event: TrainEvent): ArrayBuffer[] {
  if (event.type !== 'snapshot') return [];
  const buffers: ArrayBuffer[] = [];
  for (const layer of event.layers) {
    layer.weights = ownBuffer(layer.weights);
    layer.bias = ownBuffer(layer.bias);
    buffers.push(layer.weights.buffer as ArrayBuffer, layer.bias.buffer as ArrayBuffer);
  }
  return buffers;
}

function ownBuffer(array: Float32Array): Float32Array {
  const whole =
    array.buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === array.buffer.byteLength;
  return whole ? array : array.slice();
}
