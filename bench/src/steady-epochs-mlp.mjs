// @ts-check
/**
 * One fit of the default network (784-128-64-10 relu/relu/softmax, cross-entropy, Adam 1e-3, batch 128) over the
 * 60 000 MNIST training images for `epochs` epochs on `threads` threads, as the training-epoch benchmark calls
 * fit(); prints each epoch's seconds (fit()'s own epoch timer) as JSON. Run by src/benchmarks/steady-epochs.mjs;
 * directly: node bench/src/steady-epochs-mlp.mjs <threads> <epochs>
 */
import { readMnist } from './lib/mnist.mjs';
import { toShared, workerThreads } from './lib/worker-threads.mjs';

const { Network, fit } = await import('@nn/mlp');
const threads = Number(process.argv[2] ?? 2);
const epochs = Number(process.argv[3] ?? 8);
const { images, labels } = readMnist('train');
const network = new Network({ layerSizes: [784, 128, 64, 10], seed: 1 });
const inputs = threads > 1 ? toShared(images) : images;
const { history } = await fit(
  network,
  { inputs, labels },
  {
    epochs,
    batchSize: 128,
    optimizer: { type: 'adam', learningRate: 1e-3 },
    ...(threads > 1 ? { dataParallel: workerThreads(threads) } : {}),
  },
);
process.stdout.write(`${JSON.stringify({ seconds: history.map((epoch) => epoch.seconds) })}\n`);
