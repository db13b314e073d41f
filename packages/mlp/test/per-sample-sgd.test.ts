import { type KernelSet, typescriptKernels, useKernels, wasmKernels } from '@nn/linalg/internal';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClassDataset, DivergenceError, type FitEvent, fit, loadCheckpoint, Network, save } from '../src/index';
import { DensePath } from '../src/paths/dense/dense-path';
import { perSampleSgdApplies } from '../src/training/choose-path';
import { identityOrder } from '../src/training/dataset';
import { mnist } from './helpers/mnist-idx';

const samples = mnist('train', 300);
const seedNetwork = () =>
  new Network({
    layerSizes: [784, 128, 64, 10],
    activations: ['sigmoid', 'sigmoid', 'sigmoid'],
    loss: 'mse',
    initializer: 'uniform',
    seed: 1,
  });
const weights = (n: Network) => n.parameters().map((p) => Array.from(p));

/** The dense path (the model's own forward and backward) at B = 1 over samples 0 … steps − 1 in order. */
function referenceSteps(network: Network, data: ClassDataset, steps: number, learningRate: number): void {
  const order = identityOrder(data.labels.length);
  const optimizer = { type: 'sgd', learningRate } as const;
  const path = new DensePath(network, { data, scale: 1 / 255, order, optimizer, weightDecay: 0, seed: 0 });
  const result = { loss: 0, correct: 0, finite: true };
  for (let s = 0; s < steps; s++) {
    path.step(s, 1, 1, result);
    if (!result.finite) throw new DivergenceError(1, s + 1, learningRate);
  }
}

function maxDifference(a: Network, b: Network): number {
  let largest = 0;
  const pb = b.parameters();
  a.parameters().forEach((values, k) => {
    for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]! - pb[k]![i]!));
  });
  return largest;
}

const kernelSets: [string, KernelSet | undefined][] = [
  ['typescript kernels', typescriptKernels],
  ['wasm kernels', wasmKernels()],
];
let previous: KernelSet | undefined;
afterEach(() => {
  if (previous) useKernels(previous);
  previous = undefined;
});

describe('per-sample SGD (batch size 1, plain SGD)', () => {
  for (const [name, set] of kernelSets) {
    it.skipIf(set === undefined)(
      `gives the general path's weights on 300 MNIST samples, the seed's recipe (${name})`,
      async () => {
        previous = useKernels(set!);
        const reference = seedNetwork();
        referenceSteps(reference, samples, 300, 0.1);
        const fast = seedNetwork();
        const result = await fit(fast, samples, {
          epochs: 1,
          batchSize: 1,
          shuffle: false,
          optimizer: { type: 'sgd', learningRate: 0.1 },
        });
        // Sums run in another order, so only float rounding may differ; the weights did move by far more.
        expect(maxDifference(fast, reference)).toBeLessThan(2e-5);
        expect(maxDifference(fast, seedNetwork())).toBeGreaterThan(1e-2);
        expect(result.optimizerState).toEqual({ kind: 'sgd', step: 300, slots: {} });
        // fit's own batched path, when asked for, agrees as well.
        const batched = seedNetwork();
        const options = { epochs: 1, batchSize: 1, shuffle: false, perSampleSgd: false };
        await fit(batched, samples, { ...options, optimizer: { type: 'sgd', learningRate: 0.1 } });
        expect(maxDifference(batched, fast)).toBeLessThan(2e-5);
      },
    );
  }

  it('is bit-identical for the same seed, and the same for relu/softmax/cross-entropy', async () => {
    const network = () => new Network({ layerSizes: [784, 32, 16, 10], seed: 3 });
    const options = { epochs: 2, batchSize: 1, seed: 5, optimizer: { type: 'sgd' as const, learningRate: 0.05 } };
    const a = network();
    const b = network();
    await fit(a, samples, options);
    await fit(b, samples, options);
    expect(weights(a)).toEqual(weights(b));
    const reference = network();
    referenceSteps(reference, samples, 300, 0.05);
    const fast = network();
    await fit(fast, samples, { ...options, epochs: 1, shuffle: false });
    expect(maxDifference(fast, reference)).toBeLessThan(2e-5);
  });

  it('resumes from an epoch-end checkpoint to exactly the weights of an uninterrupted run', async () => {
    const options = { epochs: 2, batchSize: 1, seed: 7, optimizer: { type: 'sgd' as const, learningRate: 0.1 } };
    const uninterrupted = seedNetwork();
    await fit(uninterrupted, samples, options);
    const first = seedNetwork();
    let saved: Uint8Array | undefined;
    await fit(first, samples, {
      ...options,
      epochs: 1,
      onEpochEnd: ({ epoch, optimizerState }) => {
        saved = save(first, { epoch, optimizerState });
      },
    });
    const checkpoint = loadCheckpoint(saved!);
    const result = await fit(checkpoint.network, samples, {
      ...options,
      resume: { epoch: checkpoint.epoch!, optimizerState: checkpoint.optimizerState! },
    });
    expect(result.optimizerState.step).toBe(600);
    expect(weights(checkpoint.network)).toEqual(weights(uninterrupted));
  });

  it('writes the trained weights back for snapshots and when aborted mid-epoch', async () => {
    const controller = new AbortController();
    const snapshots: Extract<FitEvent, { type: 'snapshot' }>[] = [];
    const network = seedNetwork();
    const result = await fit(network, samples, {
      epochs: 1,
      batchSize: 1,
      shuffle: false,
      optimizer: { type: 'sgd', learningRate: 0.1 },
      signal: controller.signal,
      batchEventInterval: 0,
      snapshotInterval: 0,
      onEvent: (event) => {
        if (event.type === 'snapshot') snapshots.push(event);
        if (event.type === 'batch' && event.batch === 120) controller.abort();
      },
    });
    expect(result.stopped).toBe(true);
    const reference = seedNetwork();
    referenceSteps(reference, samples, 120, 0.1);
    expect(maxDifference(network, reference)).toBeLessThan(2e-5);
    const last = snapshots[snapshots.length - 1]!;
    expect(last.batch).toBe(120);
    expect(Array.from(last.layers[0]!.weights)).toEqual(Array.from(network.layers[0]!.weights.data));
    // An earlier snapshot holds the weights of its own moment, not the final ones.
    expect(Array.from(snapshots[10]!.layers[0]!.weights)).not.toEqual(Array.from(network.layers[0]!.weights.data));
  });

  it('stops with DivergenceError and keeps finite weights when the loss overflows', async () => {
    const network = new Network({
      layerSizes: [784, 16, 10],
      activations: ['identity', 'identity'],
      loss: 'mse',
      seed: 2,
    });
    const run = fit(network, samples, { epochs: 1, batchSize: 1, optimizer: { type: 'sgd', learningRate: 50 } });
    await expect(run).rejects.toThrow(DivergenceError);
    for (const values of network.parameters()) expect(values.every(Number.isFinite)).toBe(true);
  });

  it('applies only to batch size 1 with plain SGD, no weight decay and no dropout', () => {
    const sgd = { type: 'sgd' as const, learningRate: 0.1 };
    const plain = seedNetwork();
    expect(perSampleSgdApplies(plain, { batchSize: 1, optimizer: sgd })).toBe(true);
    expect(perSampleSgdApplies(plain, { batchSize: 2, optimizer: sgd })).toBe(false);
    expect(perSampleSgdApplies(plain, { batchSize: 1, optimizer: sgd, perSampleSgd: false })).toBe(false);
    expect(perSampleSgdApplies(plain, { batchSize: 1, optimizer: { ...sgd, momentum: 0.9 } })).toBe(false);
    expect(perSampleSgdApplies(plain, { batchSize: 1, optimizer: sgd, weightDecay: 1e-4 })).toBe(false);
    expect(perSampleSgdApplies(plain, { batchSize: 1, optimizer: { type: 'adam', learningRate: 1e-3 } })).toBe(false);
    const dropout = new Network({ layerSizes: [784, 8, 10], dropout: 0.5 });
    expect(perSampleSgdApplies(dropout, { batchSize: 1, optimizer: sgd })).toBe(false);
  });
});
