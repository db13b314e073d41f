import { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import { describe, expect, it } from 'vitest';
import { evaluate, type FitOptions, fit, loadCheckpoint, Network, save } from '../src/index';
import {
  ActivationLines,
  SPARSE_HIDDEN_MIN_INPUTS,
  SPARSE_HIDDEN_MIN_UNITS,
  sparseInputLayers,
} from '../src/paths/sparse-input/sparse-hidden-inputs';
import { replicaThreads } from './helpers/replica-threads';
import { sparseClassBytes } from './helpers/sparse-class-bytes';

// Wide enough that layer 1 (512 → 256) takes its relu inputs' non-zeros; the output layer (256 → 4) does not.
const wide = (dropout: number) =>
  new Network({ layerSizes: [40, SPARSE_HIDDEN_MIN_INPUTS, SPARSE_HIDDEN_MIN_UNITS, 4], dropout, seed: 11 });
const options: FitOptions = {
  epochs: 2,
  batchSize: 32, // 240 = 7·32 + 16: a partial last batch too
  optimizer: { type: 'adam', learningRate: 2e-3 },
  weightDecay: 1e-3,
  seed: 5,
  wasmStep: false,
};
const flat = (arrays: Float32Array[]) => arrays.flatMap((a) => Array.from(a));

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  const [x, y] = [flat(a), flat(b)];
  expect(x.length).toBe(y.length);
  return x.reduce((max, v, i) => Math.max(max, Math.abs(v - y[i]!)), 0);
}

describe('sparse hidden inputs', () => {
  it('takes the bottom layers whose inputs come out of relu and that are wide enough', () => {
    const layersOf = (layerSizes: number[], hiddenActivation: 'relu' | 'sigmoid' = 'relu') =>
      new Network({ layerSizes, hiddenActivation }).layers;
    expect(sparseInputLayers(layersOf([784, 1024, 1024, 10]))).toBe(2);
    expect(sparseInputLayers(layersOf([784, 1024, 1024, 1024, 10]))).toBe(3);
    expect(sparseInputLayers(layersOf([784, 128, 64, 10]))).toBe(1);
    expect(sparseInputLayers(layersOf([784, 1024, 1024, 10], 'sigmoid'))).toBe(1);
    expect(sparseInputLayers(layersOf([784, 511, 1024, 10]))).toBe(1);
    expect(sparseInputLayers(layersOf([784, 1024, 255, 10]))).toBe(1);
    expect(sparseInputLayers(layersOf([784, 1024, 10]))).toBe(1);
  });

  it('is the path fit picks for such a network without dropout, where wasm-step would apply, unless told wasmStep', async () => {
    const byDefault = await fit(wide(0), sparseClassBytes(240), { ...options, epochs: 1, wasmStep: undefined });
    expect(byDefault.path).toMatchObject({ name: 'sparse-input' });
    expect(byDefault.path.reason).toContain('not wasm-step');
    const told = await fit(wide(0), sparseClassBytes(240), { ...options, epochs: 1, wasmStep: true });
    expect(told.path).toMatchObject({ name: 'wasm-step' });
    const narrow = new Network({ layerSizes: [40, 16, 8, 4], seed: 1 });
    expect((await fit(narrow, sparseClassBytes(240), { ...options, epochs: 1, wasmStep: undefined })).path.name).toBe(
      'wasm-step',
    );
  });

  it('lists the non-zeros of a layer’s activations per input and per sample, for any batch size up to the largest', () => {
    const lines = new ActivationLines(5);
    for (const size of [4, 3]) {
      const a = new Matrix(5, size, kernels().allocate(5 * size));
      a.data.forEach((_, i) => {
        a.data[i] = i % 3 === 0 ? 0 : i * 0.5;
      });
      const { byInput, bySample } = lines.fill(a);
      const expected = (p: number) => [...Array(size).keys()].filter((s) => a.data[p * size + s] !== 0);
      for (let p = 0; p < 5; p++) {
        const at = [byInput.offsets[p]!, byInput.offsets[p + 1]!];
        expect(Array.from(byInput.indices.subarray(...at))).toEqual(expected(p));
        expect(Array.from(byInput.values.subarray(...at))).toEqual(expected(p).map((s) => a.data[p * size + s]));
      }
      const alone = new ActivationLines(5).fillBySample(a); // a forward pass's lines, without the per-input ones
      for (let s = 0; s < size; s++) {
        const inputs = [0, 1, 2, 3, 4].filter((p) => a.data[p * size + s] !== 0);
        for (const lines of [bySample, alone]) {
          const at = [lines.offsets[s]!, lines.offsets[s + 1]!];
          expect(Array.from(lines.indices.subarray(...at))).toEqual(inputs);
          expect(Array.from(lines.values.subarray(...at))).toEqual(inputs.map((p) => a.data[p * size + s]));
        }
      }
    }
  });

  for (const dropout of [0, 0.2]) {
    it(`trains to the dense path's weights and optimiser state within float tolerance (dropout ${dropout})`, async () => {
      const dense = wide(dropout);
      const sparse = wide(dropout);
      const denseResult = await fit(dense, sparseClassBytes(240), { ...options, sparseInput: false });
      const sparseResult = await fit(sparse, sparseClassBytes(240), { ...options, sparseInput: true });
      // Different summation orders only (the skipped terms are zeros): the weights agree to rounding.
      expect(maxDifference(sparse.parameters(), dense.parameters())).toBeLessThan(1e-4);
      expect(maxDifference(sparse.parameters(), wide(dropout).parameters())).toBeGreaterThan(1e-3);
      for (const slot of ['m', 'v']) {
        const [s, d] = [sparseResult.optimizerState.slots[slot]!, denseResult.optimizerState.slots[slot]!];
        expect(s[2]!.length).toBe(SPARSE_HIDDEN_MIN_UNITS * SPARSE_HIDDEN_MIN_INPUTS); // layer 1's W, its layout
        expect(maxDifference(s, d)).toBeLessThan(1e-4);
      }
    });
  }

  it('evaluates through the sparse layers as the dense forward does, with the path’s Wᵀ or its own copies', async () => {
    const network = wide(0.2);
    // At the epoch's end the evaluation reads the path's W1ᵀ and W2ᵀ; afterwards, copies transposed from the network.
    const { history } = await fit(network, sparseClassBytes(240), {
      ...options,
      sparseInput: true,
      testData: sparseClassBytes(240),
    });
    const data = sparseClassBytes(240);
    const result = evaluate(network, data);
    expect(result.loss).toBeCloseTo(history.at(-1)!.testLoss!, 6);
    // The model's dense forward of the same samples (bytes scaled by 1/255).
    const columns = new Matrix(
      240,
      40,
      Float32Array.from(data.inputs as Uint8Array, (v) => v / 255),
    ).transpose();
    expect(Array.from(result.predicted)).toEqual(Array.from(network.predictClasses(columns)));
    const outputs = network.predict(columns);
    const targets = new Float32Array(4 * 240);
    Array.from(data.labels).forEach((label, s) => {
      targets[label * 240 + s] = 1;
    });
    expect(result.loss).toBeCloseTo(
      network.loss.value(outputs.data, targets, 4, 240, network.layers[2]!.activation),
      5,
    );
  });

  for (const threads of [1, 2]) {
    it(`resumes from a checkpoint to exactly the weights of an uninterrupted run (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      // Two threads: the resumed state goes through the channel, where both transposed layers are turned around.
      const settings = { ...options, epochs: 3, sparseInput: true, ...parallel(threads) };
      const uninterrupted = wide(0.2);
      await fit(uninterrupted, sparseClassBytes(240), settings);
      const first = wide(0.2);
      let saved: Uint8Array | undefined;
      await fit(first, sparseClassBytes(240), {
        ...settings,
        onEpochEnd: ({ epoch, optimizerState }) => {
          if (epoch === 1) saved = save(first, { epoch, optimizerState });
        },
      });
      const checkpoint = loadCheckpoint(saved!);
      const resumed = checkpoint.network;
      await fit(resumed, sparseClassBytes(240), {
        ...settings,
        resume: { epoch: checkpoint.epoch!, optimizerState: checkpoint.optimizerState! },
      });
      // Not toEqual: a mismatch would have it diff 150 000 numbers for minutes.
      expect(maxDifference(resumed.parameters(), uninterrupted.parameters())).toBe(0);
    });
  }

  it('hands out the optimiser state of two threads, each updating its share, in the network layout', async () => {
    const one = await fit(wide(0.2), sparseClassBytes(240), { ...options, sparseInput: true });
    const two = await fit(wide(0.2), sparseClassBytes(240), { ...options, sparseInput: true, ...parallel(2) });
    for (const slot of ['m', 'v']) {
      expect(maxDifference(two.optimizerState.slots[slot]!, one.optimizerState.slots[slot]!)).toBeLessThan(1e-4);
    }
  });
});

/** Two threads split the update (so each thread's share of both transposed layers is exchanged); one is plain fit. */
function parallel(threads: number): Partial<FitOptions> {
  return threads > 1 ? { dataParallel: replicaThreads(threads, true) } : {};
}
