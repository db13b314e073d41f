// @ts-check
/**
 * One point of the scaling table (src/benchmarks/scaling.mjs): @nn/mlp training 784-W-W-10 relu/relu/softmax,
 * cross-entropy, Adam, batch 128, on the first `samples` MNIST training images, two epochs; prints the second
 * (warm) epoch's seconds as JSON. Run in a child process per point:
 *   node bench/src/scaling-mlp.mjs <width> <threads> <samples>
 */
import { fit, Network } from '@nn/mlp';
import { readMnist } from './lib/mnist.mjs';
import { toShared, workerThreads } from './lib/worker-threads.mjs';

const [width = 0, threads = 0, samples = 0] = process.argv.slice(2).map(Number);
if (!(width > 0 && threads > 0 && samples > 0)) throw new Error('usage: scaling-mlp.mjs <width> <threads> <samples>');
const { images, labels } = readMnist('train');
const part = images.subarray(0, samples * 784);
const inputs = threads > 1 ? toShared(part) : part;
const network = new Network({ layerSizes: [784, width, width, 10], seed: 1 });
const { history } = await fit(
  network,
  { inputs, labels: labels.subarray(0, samples) },
  {
    epochs: 2,
    batchSize: 128,
    optimizer: { type: 'adam', learningRate: 1e-3 },
    ...(threads > 1 ? { dataParallel: workerThreads(threads) } : {}),
  },
);
console.log(JSON.stringify({ seconds: history[1]?.seconds ?? Number.NaN }));
process.exit(0);
