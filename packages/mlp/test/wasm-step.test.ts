import { Matrix } from '@nn/linalg';
import { typescriptKernels, useKernels } from '@nn/linalg/internal';
import { describe, expect, it } from 'vitest';
import { type FitOptions, fit, loadCheckpoint, Network, type NetworkOptions, save } from '../src/index';
import { backward } from '../src/model/backward';
import { forward } from '../src/model/forward';
import { createBatchPath } from '../src/paths/batch-paths';
import type { WasmStepPath } from '../src/paths/wasm-step/wasm-step-path';
import { identityOrder } from '../src/training/dataset';
import { sparseClassBytes } from './helpers/sparse-class-bytes';

const NETWORKS: Record<string, Omit<NetworkOptions, 'seed'>> = {
  'relu/softmax/cross-entropy': { layerSizes: [40, 16, 8, 4] },
  'tanh, sigmoid/sigmoid/squared error': {
    layerSizes: [40, 16, 8, 4],
    activations: ['tanh', 'sigmoid', 'sigmoid'],
    loss: 'mse',
  },
};
const make = (kind: string) => new Network({ ...NETWORKS[kind]!, seed: 3 });
const weights = (n: Network) => n.parameters().map((p) => Array.from(p));

function largestDifference(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let largest = 0;
  a.forEach((values, k) => {
    for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]! - b[k]![i]!));
  });
  return largest;
}

/** The layer-0 gradient of the path (W1ᵀ: [in, out]) in the network's layout ([out, in]). */
function untransposed(values: Float32Array, out: number, inputs: number): Float32Array {
  const result = new Float32Array(out * inputs);
  for (let p = 0; p < inputs; p++) for (let u = 0; u < out; u++) result[u * inputs + p] = values[p * out + u]!;
  return result;
}

describe('the wasm-step path against the readable model', () => {
  for (const kind of Object.keys(NETWORKS)) {
    it(`gives the model's outputs, loss, correct count and gradients for one batch (${kind})`, () => {
      const data = sparseClassBytes();
      const size = 24;
      const start = 40;
      const settings = {
        data,
        scale: 1 / 255,
        order: identityOrder(256),
        optimizer: { type: 'adam' as const, learningRate: 0.01 },
        weightDecay: 0,
        seed: 1,
      };
      const network = make(kind);
      const path = createBatchPath('wasm-step', network, settings) as WasmStepPath;
      const result = { loss: 0, correct: 0, finite: true };
      path.gather(start, size, 1);
      path.computeGradients(size, 1, result);

      // The model, from the seed's equations: x [in, B], one-hot y [out, B], forward then backward.
      const x = new Matrix(40, size);
      const y = new Matrix(4, size);
      for (let j = 0; j < size; j++) {
        for (let p = 0; p < 40; p++) x.data[p * size + j] = data.inputs[(start + j) * 40 + p]! / 255;
        y.data[Number(data.labels[start + j]!) * size + j] = 1;
      }
      const buffers = forward(network, x);
      const outputs = buffers.a[2]!;
      expect(largestDifference([path.outputs(size)], [outputs.data])).toBeLessThan(1e-6);
      const loss = network.loss.value(outputs.data, y.data, 4, size, network.layers[2]!.activation);
      expect(result.loss).toBeCloseTo(loss, 6);
      const predicted = outputs.argmaxColumns();
      const correct = Array.from(predicted).filter((c, j) => c === data.labels[start + j]).length;
      expect(result.correct).toBe(correct);
      expect(result.finite).toBe(true);

      const gradients = backward(network, x, y, buffers);
      const [dw1, ...rest] = path.gradientList;
      const ours = [untransposed(dw1!, 16, 40), ...rest];
      const model = gradients.dw.flatMap((dw, l) => [dw.data, gradients.db[l]!.data]);
      expect(largestDifference(ours, model)).toBeLessThan(1e-6);
      // Gradients that were all zero would pass the comparison only if the model's were too.
      expect(Math.max(...model.map((g) => Math.max(...g.map(Math.abs))))).toBeGreaterThan(1e-3);
    });
  }

  const optimizers: Record<string, FitOptions['optimizer']> = {
    adam: { type: 'adam', learningRate: 0.01 },
    sgd: { type: 'sgd', learningRate: 0.3 },
    momentum: { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
    nesterov: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
  };
  for (const kind of Object.keys(NETWORKS)) {
    for (const [name, optimizer] of Object.entries(optimizers)) {
      it(`trains to the model's weights and optimiser state within float tolerance (${kind}, ${name})`, async () => {
        // 3 epochs of 12 batches of 20 and one of 16, with weight decay: the model's path is `dense`.
        const options: FitOptions = { epochs: 3, batchSize: 20, optimizer, weightDecay: 1e-3, seed: 5 };
        const model = make(kind);
        const ours = make(kind);
        const modelResult = await fit(model, sparseClassBytes(), { ...options, sparseInput: false });
        const result = await fit(ours, sparseClassBytes(), { ...options, wasmStep: true });
        expect(result.path.name).toBe('wasm-step');
        expect(modelResult.path.name).toBe('dense');
        expect(largestDifference(ours.parameters(), model.parameters())).toBeLessThan(1e-4);
        expect(largestDifference(ours.parameters(), make(kind).parameters())).toBeGreaterThan(1e-3);
        const slots = Object.keys(modelResult.optimizerState.slots);
        expect(Object.keys(result.optimizerState.slots)).toEqual(slots);
        for (const slot of slots) {
          const [a, b] = [result.optimizerState.slots[slot]!, modelResult.optimizerState.slots[slot]!];
          expect(largestDifference(a, b)).toBeLessThan(1e-4);
        }
        expect(result.optimizerState.step).toBe(modelResult.optimizerState.step);
        expect(result.history.at(-1)!.loss).toBeCloseTo(modelResult.history.at(-1)!.loss, 4);
        expect(result.history.at(-1)!.trainAccuracy).toBe(modelResult.history.at(-1)!.trainAccuracy);
      });
    }
  }

  for (const [width, batchSize] of [
    [16, 20],
    [256, 40],
    [1024, 20],
    [1024, 40],
  ] as const) {
    // Both paths pick the same sparse kernels: W1ᵀ's rows copied chunk by chunk once a batch has 4 entries per input
    // (≈7 a sample here: batches of 40, not 20), and from 1024 units the forward's sums written down z's columns.
    it(`takes the sparse-input path’s steps bit for bit (the same kernels in the same order; ${width} units, batches of ${batchSize})`, async () => {
      const options: FitOptions = {
        epochs: 3,
        batchSize,
        optimizer: { type: 'adam', learningRate: 0.01 },
        weightDecay: 1e-3,
        seed: 5,
      };
      const make = () => new Network({ layerSizes: [40, width, 8, 4], seed: 3 });
      const sparse = make();
      const ours = make();
      const sparseResult = await fit(sparse, sparseClassBytes(), { ...options, wasmStep: false });
      const result = await fit(ours, sparseClassBytes(), options);
      expect([result.path.name, sparseResult.path.name]).toEqual(['wasm-step', 'sparse-input']);
      expect(weights(ours)).toEqual(weights(sparse));
      expect(result.history.map((h) => h.loss)).toEqual(sparseResult.history.map((h) => h.loss));
      expect(weights(ours)).not.toEqual(weights(make()));
    });
  }

  it('is bit-identical for the same seed, and resumes exactly', async () => {
    const options: FitOptions = {
      epochs: 4,
      batchSize: 20,
      optimizer: { type: 'adam', learningRate: 0.01 },
      weightDecay: 1e-3,
      schedule: { type: 'cosine' },
      seed: 5,
      wasmStep: true,
    };
    const a = make('relu/softmax/cross-entropy');
    const b = make('relu/softmax/cross-entropy');
    await fit(a, sparseClassBytes(), options);
    await fit(b, sparseClassBytes(), options);
    expect(weights(a)).toEqual(weights(b));

    const first = make('relu/softmax/cross-entropy');
    let saved: Uint8Array | undefined;
    await fit(first, sparseClassBytes(), {
      ...options,
      onEpochEnd: ({ epoch, optimizerState }) => {
        if (epoch === 2) saved = save(first, { epoch, optimizerState });
      },
    });
    const checkpoint = loadCheckpoint(saved!);
    const resumed = await fit(checkpoint.network, sparseClassBytes(), {
      ...options,
      resume: { epoch: checkpoint.epoch!, optimizerState: checkpoint.optimizerState! },
    });
    expect(resumed.path.name).toBe('wasm-step');
    expect(weights(checkpoint.network)).toEqual(weights(a));
  });

  it('is chosen by default for sparse inputs, and not where it does not apply (saying why)', async () => {
    const options: FitOptions = { epochs: 1, batchSize: 20, optimizer: { type: 'adam', learningRate: 0.01 } };
    const withDropout = new Network({ layerSizes: [40, 16, 4], dropout: 0.2, seed: 3 });
    const dropped = await fit(withDropout, sparseClassBytes(), options);
    expect(dropped.path).toMatchObject({ name: 'sparse-input' });
    expect(dropped.path.reason).toContain('not wasm-step: dropout');
    const leaky = new Network({ layerSizes: [40, 16, 4], hiddenActivation: 'leakyRelu', seed: 3 });
    const leakyResult = await fit(leaky, sparseClassBytes(), { ...options, wasmStep: true });
    expect(leakyResult.path.name).toBe('sparse-input');
    expect(leakyResult.path.reason).toContain('leakyRelu hidden layer');
    const byDefault = await fit(make('relu/softmax/cross-entropy'), sparseClassBytes(), options);
    expect(byDefault.path.name).toBe('wasm-step');
    const off = await fit(make('relu/softmax/cross-entropy'), sparseClassBytes(), { ...options, wasmStep: false });
    expect(off.path).toMatchObject({ name: 'sparse-input', reason: expect.stringContaining('wasmStep: false') });
    const dense = await fit(make('relu/softmax/cross-entropy'), sparseClassBytes(), { ...options, sparseInput: false });
    expect(dense.path.name).toBe('dense');
    const typescript = useKernels(typescriptKernels);
    try {
      const noWasm = await fit(make('relu/softmax/cross-entropy'), sparseClassBytes(), options);
      expect(noWasm.path).toMatchObject({ name: 'sparse-input', reason: expect.stringContaining('WebAssembly') });
    } finally {
      useKernels(typescript);
    }
  });
});
