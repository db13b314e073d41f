import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  type DataParallelOptions,
  fit,
  Network,
  type RegressionDataset,
  type RegressionFitOptions,
  type RegressionFitResult,
} from '../src/index';
import { DensePath } from '../src/paths/dense/dense-path';
import { identityOrder } from '../src/training/dataset';

/** 48 samples of 40 byte features (≈80% zero, so the sparse first layer applies) with 3 real targets each. */
function data(): RegressionDataset {
  const inputs = new Uint8Array(48 * 40);
  const targets = new Float32Array(48 * 3);
  for (let s = 0; s < 48; s++) {
    let sum = 0;
    for (let i = 0; i < 40; i++) {
      if ((s * 7 + i * 3) % 5 === 0) inputs[s * 40 + i] = 40 + ((s * 13 + i) % 200);
      sum += inputs[s * 40 + i]!;
    }
    targets.set([sum / 2000, Math.sin(s), (s % 5) / 5 - 0.5], s * 3);
  }
  return { inputs, targets };
}

const make = () =>
  new Network({ layerSizes: [40, 12, 3], hiddenActivation: 'tanh', outputActivation: 'identity', seed: 3 });

/** Helper threads running the built package's runReplica (test/fixtures/replica-worker.mjs), as @nn/train starts them. */
function threads(count: number): DataParallelOptions {
  return {
    threads: count,
    startThread(init, onFailure) {
      const worker = new Worker(new URL('./fixtures/replica-worker.mjs', import.meta.url), { workerData: { init } });
      worker.on('error', (error) => onFailure(error.message));
      return { terminate: () => worker.terminate() };
    },
  };
}

/** The reference: the model's own forward and backward (the dense path) for `steps` batches in order. */
function denseReference(set: RegressionDataset, options: RegressionFitOptions, steps: number): Network {
  const network = make();
  const count = set.targets.length / 3;
  const order = identityOrder(count);
  const settings = {
    data: set,
    scale: 1 / 255,
    order,
    optimizer: options.optimizer,
    weightDecay: 0,
    seed: 0,
    replica: 0,
  };
  const path = new DensePath(network, settings);
  const result = { loss: 0, correct: 0, finite: true, absoluteError: 0 };
  const perEpoch = Math.ceil(count / options.batchSize);
  for (let s = 0; s < steps; s++) {
    const start = (s % perEpoch) * options.batchSize;
    path.step(start, Math.min(options.batchSize, count - start), 1 + Math.floor(s / perEpoch), result);
  }
  return network;
}

function largestDifference(a: Float32Array[], b: Float32Array[]): number {
  let largest = 0;
  a.forEach((values, k) => {
    for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]! - b[k]![i]!));
  });
  return largest;
}

const adam = { epochs: 2, batchSize: 8, optimizer: { type: 'adam', learningRate: 0.01 }, shuffle: false } as const;
const cases: { path: string; shards?: string; options: RegressionFitOptions }[] = [
  { path: 'dense', options: { ...adam, sparseInput: false } },
  { path: 'sparse-input', options: { ...adam, sparseInput: true } },
  {
    path: 'per-sample-sgd',
    options: { epochs: 1, batchSize: 1, optimizer: { type: 'sgd', learningRate: 0.05 }, shuffle: false },
  },
  { path: 'data-parallel', shards: 'dense', options: { ...adam, sparseInput: false, dataParallel: threads(2) } },
  { path: 'data-parallel', shards: 'sparse-input', options: { ...adam, sparseInput: true, dataParallel: threads(2) } },
];

describe('regression on every step path', () => {
  for (const { path, shards, options } of cases) {
    it(`trains the weights the readable model does, and reports its errors (${path}${shards ? ` of ${shards}` : ''})`, async () => {
      const set = data();
      const network = make();
      const result: RegressionFitResult = await fit(network, set, options);
      expect(result.path).toMatchObject({ name: path, ...(shards ? { shards } : {}) });
      const steps = options.epochs * Math.ceil(48 / options.batchSize);
      const reference = denseReference(set, options, steps);
      expect(largestDifference(network.parameters(), reference.parameters())).toBeLessThan(1e-5);
      expect(largestDifference(network.parameters(), make().parameters())).toBeGreaterThan(1e-3);
      // The same run on the dense path, one thread: the figures every path reports agree with it.
      const alone = await fit(make(), set, {
        ...options,
        sparseInput: false,
        perSampleSgd: false,
        dataParallel: undefined,
      });
      result.history.forEach((epoch, e) => {
        expect(epoch.trainMeanAbsoluteError).toBeCloseTo(alone.history[e]!.trainMeanAbsoluteError, 5);
        expect(epoch.loss).toBeCloseTo(alone.history[e]!.loss, 5);
      });
      expect(result.history[0]!.trainMeanAbsoluteError).toBeGreaterThan(0.05);
    });
  }
});
