import { describe, expect, it } from 'vitest';
import { type ClassDataset, type FitOptions, fit, type LayerSnapshot, Network } from '../src/index';
import { DensePath } from '../src/paths/dense/dense-path';
import { identityOrder } from '../src/training/dataset';

/** 64 samples of 40 features in 4 classes, as bytes with ≈80% zeros (so fit picks the sparse first layer). */
function sparseData(): ClassDataset {
  const inputs = new Uint8Array(64 * 40);
  const labels = new Uint8Array(64);
  for (let s = 0; s < 64; s++) {
    labels[s] = s % 4;
    for (let i = 0; i < 40; i++) if ((s * 7 + i * 3) % 5 === 0) inputs[s * 40 + i] = 40 + ((s * 13 + i) % 200);
  }
  return { inputs, labels };
}

/** The reference: the model's own forward and backward (the dense path) for `steps` batches in order. */
function denseReference(make: () => Network, data: ClassDataset, options: FitOptions, steps: number): Network {
  const network = make();
  const order = identityOrder(data.labels.length);
  const settings = { data, scale: 1 / 255, order, optimizer: options.optimizer, weightDecay: 0, seed: 0, replica: 0 };
  const path = new DensePath(network, settings);
  const result = { loss: 0, correct: 0, finite: true };
  const perEpoch = Math.ceil(data.labels.length / options.batchSize);
  for (let s = 0; s < steps; s++) {
    const start = (s % perEpoch) * options.batchSize;
    path.step(start, Math.min(options.batchSize, data.labels.length - start), 1 + Math.floor(s / perEpoch), result);
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

const snapshotArrays = (layers: LayerSnapshot[]) => layers.flatMap((layer) => [layer.weights, layer.bias]);

const cases: { path: string; make: () => Network; options: FitOptions }[] = [
  {
    path: 'sparse-input',
    make: () => new Network({ layerSizes: [40, 12, 4], seed: 3 }),
    options: {
      epochs: 2,
      batchSize: 8,
      optimizer: { type: 'adam', learningRate: 0.01 },
      shuffle: false,
      wasmStep: false,
    },
  },
  {
    path: 'wasm-step',
    make: () => new Network({ layerSizes: [40, 12, 4], seed: 3 }),
    options: {
      epochs: 2,
      batchSize: 8,
      optimizer: { type: 'adam', learningRate: 0.01 },
      shuffle: false,
      wasmStep: true,
    },
  },
  {
    path: 'per-sample-sgd',
    make: () => new Network({ layerSizes: [40, 12, 4], activations: ['sigmoid', 'sigmoid'], loss: 'mse', seed: 3 }),
    options: { epochs: 2, batchSize: 1, optimizer: { type: 'sgd', learningRate: 0.5 }, shuffle: false },
  },
];

describe("the network's weights while a path that keeps its own layout trains", () => {
  for (const { path, make, options } of cases) {
    it(`are current in every snapshot and in the result (${path})`, async () => {
      const data = sparseData();
      const network = make();
      const snapshots: { step: number; arrays: Float32Array[] }[] = [];
      const perEpoch = Math.ceil(data.labels.length / options.batchSize);
      const result = await fit(network, data, {
        ...options,
        snapshotInterval: 0,
        onEvent: (event) => {
          if (event.type !== 'snapshot') return;
          const step = (event.epoch - 1) * perEpoch + event.batch;
          snapshots.push({ step, arrays: snapshotArrays(event.layers) });
          // At the moment of the event, the network's own arrays hold the same weights.
          expect(largestDifference(network.parameters(), snapshots.at(-1)!.arrays)).toBe(0);
        },
      });
      expect(result.path.name).toBe(path);
      expect(snapshots.length).toBeGreaterThan(3);
      for (const { step, arrays } of [snapshots[0]!, snapshots[Math.floor(snapshots.length / 2)]!]) {
        const reference = denseReference(make, data, options, step);
        expect(largestDifference(arrays, reference.parameters()), `after step ${step}`).toBeLessThan(1e-5);
      }
      const reference = denseReference(make, data, options, options.epochs * perEpoch);
      expect(largestDifference(network.parameters(), reference.parameters())).toBeLessThan(1e-5);
      // Weights that never moved would pass the comparisons above only if the reference did not move either.
      expect(largestDifference(network.parameters(), make().parameters())).toBeGreaterThan(1e-3);
    });
  }
});
