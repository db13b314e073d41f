import { describe, expect, it } from 'vitest';
import { type ClassDataset, type FitOptions, fit, loadCheckpoint, Network, save } from '../src/index';
import { inputDensity, SPARSE_INPUT_DENSITY } from '../src/training/input-density';
import { sparseClassBytes } from './helpers/sparse-class-bytes';

const network = () => new Network({ layerSizes: [40, 16, 8, 4], seed: 3 });
const options: FitOptions = {
  epochs: 3,
  batchSize: 20, // 256 = 12·20 + 16: a partial last batch too
  optimizer: { type: 'adam', learningRate: 0.01 },
  weightDecay: 1e-3,
  seed: 5,
  wasmStep: false, // this file tests the sparse-input path; wasm-step.test.ts the one sparse inputs get by default
};
const weights = (n: Network) => n.parameters().map((p) => Array.from(p));

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  let max = 0;
  a.forEach((values, k) => {
    for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]! - b[k]![i]!));
  });
  return max;
}

describe('sparse first layer', () => {
  it('measures the input density that picks it', () => {
    const density = inputDensity(sparseClassBytes(), 40);
    expect(density).toBeGreaterThan(0.1);
    expect(density).toBeLessThan(SPARSE_INPUT_DENSITY);
    expect(inputDensity({ inputs: new Float32Array([1, 0, 2, 3]), labels: [0, 1] }, 2)).toBe(0.75);
  });

  it('trains to the weights and optimiser state of the dense path within float tolerance', async () => {
    const dense = network();
    const sparse = network();
    const denseResult = await fit(dense, sparseClassBytes(), { ...options, sparseInput: false });
    const sparseResult = await fit(sparse, sparseClassBytes(), { ...options, sparseInput: true });
    // Different summation orders only: after 39 Adam steps the weights agree to rounding.
    expect(maxDifference(sparse.parameters(), dense.parameters())).toBeLessThan(1e-4);
    expect(maxDifference(sparse.parameters(), network().parameters())).toBeGreaterThan(1e-3);
    for (const slot of ['m', 'v']) {
      expect(
        maxDifference(sparseResult.optimizerState.slots[slot]!, denseResult.optimizerState.slots[slot]!),
      ).toBeLessThan(1e-4);
    }
    expect(sparseResult.history.at(-1)!.loss).toBeCloseTo(denseResult.history.at(-1)!.loss, 4);
  });

  it('gathers float inputs and augmented samples as the dense path does', async () => {
    const bytes = sparseClassBytes();
    const floats: ClassDataset = { inputs: Float32Array.from(bytes.inputs, (v) => v / 255), labels: bytes.labels };
    // Zeroes input 0 and sets input 39: the augmented value must reach the sparse list, the zeroed one must not.
    const augment = (_sample: number, pixels: Float32Array) => {
      pixels[0] = 0;
      pixels[39] = 0.5;
    };
    for (const extra of [{}, { augment }]) {
      const dense = network();
      const sparse = network();
      await fit(dense, floats, { ...options, ...extra, sparseInput: false });
      await fit(sparse, floats, { ...options, ...extra, sparseInput: true });
      expect(maxDifference(sparse.parameters(), dense.parameters())).toBeLessThan(1e-4);
    }
  });

  it('hands out the usual weight layout in snapshots and predictions', async () => {
    const n = network();
    const snapshots: Float32Array[] = [];
    await fit(n, sparseClassBytes(), {
      ...options,
      epochs: 1,
      sparseInput: true,
      snapshotInterval: 0,
      onEvent: (event) => {
        if (event.type === 'snapshot') snapshots.push(event.layers[0]!.weights);
      },
    });
    expect(snapshots.length).toBeGreaterThan(0);
    // The last snapshot was taken after the last step, so it is W1 as the network holds it (16×40).
    expect(Array.from(snapshots.at(-1)!)).toEqual(Array.from(n.layers[0]!.weights.data));
    expect(n.layers[0]!.weights.rows).toBe(16);
  });

  it('leaves the latest W1 in the network when a callback throws, as an abort there does', async () => {
    const stopAt = (n: Network, how: 'throw' | 'abort') => {
      const controller = new AbortController();
      return fit(n, sparseClassBytes(), {
        ...options,
        sparseInput: true,
        batchEventInterval: 0,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type !== 'batch' || event.batch !== 5) return;
          if (how === 'throw') throw new Error('listener failed');
          controller.abort();
        },
      });
    };
    const thrown = network();
    await expect(stopAt(thrown, 'throw')).rejects.toThrow('listener failed');
    const aborted = network();
    expect((await stopAt(aborted, 'abort')).stopped).toBe(true);
    expect(weights(thrown)).toEqual(weights(aborted));
    expect(weights(thrown)[0]).not.toEqual(weights(network())[0]);
  });

  it('is bit-identical for the same seed, and resumes exactly', async () => {
    const sparse = { ...options, epochs: 4, sparseInput: true, schedule: { type: 'cosine' as const } };
    const a = network();
    const b = network();
    await fit(a, sparseClassBytes(), sparse);
    await fit(b, sparseClassBytes(), sparse);
    expect(weights(a)).toEqual(weights(b));

    const first = network();
    let saved: Uint8Array | undefined;
    await fit(first, sparseClassBytes(), {
      ...sparse,
      onEpochEnd: ({ epoch, optimizerState }) => {
        if (epoch === 2) saved = save(first, { epoch, optimizerState });
      },
    });
    const checkpoint = loadCheckpoint(saved!);
    await fit(checkpoint.network, sparseClassBytes(), {
      ...sparse,
      resume: { epoch: checkpoint.epoch!, optimizerState: checkpoint.optimizerState! },
    });
    expect(weights(checkpoint.network)).toEqual(weights(a));
  });
});
