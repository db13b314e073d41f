import { Worker } from 'node:worker_threads';
import { readMnist } from './src/lib/mnist.mjs';

const { Network, fit } = await import('@nn/mlp');
const { images, labels } = readMnist('train');
const shared = new Uint8Array(new SharedArrayBuffer(images.length));
shared.set(images);
const threads = Number(process.argv[2] ?? 2);
const dataParallel = {
  threads,
  startThread(init, onFailure) {
    const w = new Worker(new URL('./src/lib/replica-worker.mjs', import.meta.url), { workerData: { init } });
    w.on('error', (e) => onFailure(e.message));
    return { terminate: () => w.terminate() };
  },
};
const network = new Network({ layerSizes: [784, 128, 64, 10], seed: 1 });
const t = performance.now();
const r = await fit(
  network,
  { inputs: shared, labels },
  { epochs: 4, batchSize: 128, optimizer: { type: 'adam', learningRate: 1e-3 }, dataParallel },
);
console.log(
  threads,
  'total',
  ((performance.now() - t) / 1000).toFixed(2),
  'epochs',
  r.history.map((h) => h.seconds.toFixed(3)).join(' '),
);
